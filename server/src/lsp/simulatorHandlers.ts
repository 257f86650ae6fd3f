// Wires the simulator service to the language server's custom requests
// (method names from shared/messages.ts). Errors become LSP response errors.

import type { Connection } from 'vscode-languageserver/node';
import {
  SimulatorMethods, type SimExportParams, type SimListScenariosParams, type SimOpenParams, type SimReplayParams,
  type SimResetParams, type SimScenarioFile, type SimSessionParams,
} from '../shared/messages';
import { SimulatorService } from '../simulator/service';

export function registerSimulatorHandlers(connection: Connection, service = new SimulatorService()): SimulatorService {
  connection.onRequest(SimulatorMethods.open, (p: SimOpenParams) => service.open(p ?? {}));
  connection.onRequest(SimulatorMethods.step, (p: SimSessionParams) => service.step(p));
  connection.onRequest(SimulatorMethods.stepBack, (p: SimSessionParams) => service.stepBack(p));
  connection.onRequest(SimulatorMethods.reset, (p: SimResetParams) => service.reset(p));
  connection.onRequest(SimulatorMethods.loadScenario, (p: SimScenarioFile) => service.loadScenario(p));
  connection.onRequest(SimulatorMethods.listScenarios, (p: SimListScenariosParams) => service.listScenarios(p ?? {}));
  connection.onRequest(SimulatorMethods.replay, (p: SimReplayParams) => service.replay(p));
  connection.onRequest(SimulatorMethods.exportTrace, (p: SimExportParams) => service.exportTrace(p));
  connection.onRequest(SimulatorMethods.close, (p: SimSessionParams) => service.close(p));
  return service;
}
