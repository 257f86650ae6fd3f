// Every call-site rule, in the order they run.
import type { SiteRule } from './types';
import { header } from './indication/header';
import { sourceHandle } from './indication/sourceHandle';
import { flags } from './indication/flags';
import { destinationRequest } from './indication/destinationRequest';
import { statusBuffer } from './indication/statusBuffer';
import { statusCode } from './indication/statusCode';
import { eventType } from './offloadEvent/eventType';
import { retrieveReason } from './offloadEvent/retrieveReason';
import { handle } from './offloadEvent/handle';
import { deprecated, deprecatedEvent } from './chimney/deprecated';

export const SITE_RULES: readonly SiteRule[] = [
  header, sourceHandle, flags, destinationRequest, statusBuffer, statusCode,
  eventType, retrieveReason, handle, deprecated, deprecatedEvent,
];
