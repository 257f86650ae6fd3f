// The one list of rules: adding a rule is its file, its docs page, its fixtures and one line here.
// The order is the order of the README table and the settings.
import type { Rule } from './types';
import { rule as indicationHeader } from './indication/header';
import { rule as indicationSourceHandle } from './indication/sourceHandle';
import { rule as indicationFlags } from './indication/flags';
import { rule as indicationDestinationRequest } from './indication/destinationRequest';
import { rule as indicationStatusBuffer } from './indication/statusBuffer';
import { rule as indicationStatusCode } from './indication/statusCode';
import { rule as indicationStatusBufferType } from './indication/statusBufferType';
import { rule as indicationStatusBufferHeader } from './indication/statusBufferHeader';
import { rule as indicationObsoleteStatus } from './indication/obsoleteStatus';
import { rule as indicationIrql } from './indication/irql';
import { rule as indicationPortNumber } from './indication/portNumber';
import { rule as indicationCodeRequirements } from './indication/codeRequirements';
import { rule as offloadEventEventType } from './offloadEvent/eventType';
import { rule as offloadEventRetrieveReason } from './offloadEvent/retrieveReason';
import { rule as offloadEventHandle } from './offloadEvent/handle';
import { rule as chimneyDeprecated } from './chimney/deprecated';
import { rule as protocolPauseWithoutResume } from './protocol/pauseWithoutResume';
import { rule as protocolPauseNeverResumed } from './protocol/pauseNeverResumed';
import { rule as protocolResumeWithoutPause } from './protocol/resumeWithoutPause';
import { rule as protocolResumeBeforeUploadDrain } from './protocol/resumeBeforeUploadDrain';
import { rule as protocolCapabilityChangeOutsidePause } from './protocol/capabilityChangeOutsidePause';
import { rule as protocolOffloadAttributesOutsideInitialize } from './protocol/offloadAttributesOutsideInitialize';
import { rule as protocolInitiateRejectedWhilePaused } from './protocol/initiateRejectedWhilePaused';
import { rule as protocolSendCompletedPaused } from './protocol/sendCompletedPaused';
import { rule as protocolIndicationInInitiateWindow } from './protocol/indicationInInitiateWindow';
import { rule as suppressionUnused } from './suppression/unused';

export const ALL_RULES: readonly Rule[] = [
  indicationHeader,
  indicationSourceHandle,
  indicationFlags,
  indicationDestinationRequest,
  indicationStatusBuffer,
  indicationStatusCode,
  indicationStatusBufferType,
  indicationStatusBufferHeader,
  indicationObsoleteStatus,
  indicationIrql,
  indicationPortNumber,
  indicationCodeRequirements,
  offloadEventEventType,
  offloadEventRetrieveReason,
  offloadEventHandle,
  chimneyDeprecated,
  protocolPauseWithoutResume,
  protocolPauseNeverResumed,
  protocolResumeWithoutPause,
  protocolResumeBeforeUploadDrain,
  protocolCapabilityChangeOutsidePause,
  protocolOffloadAttributesOutsideInitialize,
  protocolInitiateRejectedWhilePaused,
  protocolSendCompletedPaused,
  protocolIndicationInInitiateWindow,
  suppressionUnused,
];
