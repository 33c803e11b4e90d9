/**
 * Failure simulation: the sandbox misbehaves on purpose (per client or per request) so every
 * failure a real server produces can be seen and diagnosed.
 */
export { FAILURE_MODES, FailureModeSyntaxError, applyTimingModes, clientFailureModes, findMode, mergeFailureModes, parseFailureModes, requestFailureModes, serverErrorStatus, tokenEndpointFailure, type FailureMode, type FailureModeName } from './failure-simulation.ts';
