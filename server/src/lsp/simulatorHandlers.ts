// Wires the simulator service to the language server's custom requests
// (method names from shared/messages.ts). Errors become LSP response errors.

import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver/node';
import {
  SIMULATOR_PARAMS, SimulatorMethods, type SimExportParams, type SimGotoParams, type SimListScenariosParams, type SimOpenParams, type SimReplayParams,
  type SimResetParams, type SimScenarioFile, type SimSessionParams,
} from '../shared/messages';
import { SimulatorService } from '../simulator/service';

type Method = (typeof SimulatorMethods)[keyof typeof SimulatorMethods];

export function registerSimulatorHandlers(connection: Connection, service = new SimulatorService(), guard: () => void = () => undefined): SimulatorService {
  const on = <P>(method: Method, run: (p: P) => unknown) =>
    connection.onRequest(method, (p: unknown) => {
      guard();
      if (!SIMULATOR_PARAMS[method](p)) throw new ResponseError(ErrorCodes.InvalidParams, `${method}: malformed parameters`);
      return run(p as P);
    });
  on<SimOpenParams | null>(SimulatorMethods.open, (p) => service.open(p ?? {}));
  on<SimSessionParams>(SimulatorMethods.step, (p) => service.step(p));
  on<SimSessionParams>(SimulatorMethods.stepBack, (p) => service.stepBack(p));
  on<SimResetParams>(SimulatorMethods.reset, (p) => service.reset(p));
  on<SimScenarioFile>(SimulatorMethods.loadScenario, (p) => service.loadScenario(p));
  on<SimListScenariosParams | null>(SimulatorMethods.listScenarios, (p) => service.listScenarios(p ?? {}));
  on<SimReplayParams>(SimulatorMethods.replay, (p) => service.replay(p));
  on<SimExportParams>(SimulatorMethods.exportTrace, (p) => service.exportTrace(p));
  on<SimGotoParams>(SimulatorMethods.goto, (p) => service.goto(p));
  on<SimSessionParams>(SimulatorMethods.saveScenario, (p) => service.saveScenario(p));
  on<SimSessionParams>(SimulatorMethods.close, (p) => service.close(p));
  return service;
}
