/**
 * TODO face of main/sandbox/failure-simulation
 */
export { FAILURE_MODES, FailureModeSyntaxError, applyTimingModes, clientFailureModes, findMode, mergeFailureModes, requestFailureModes, serverErrorStatus, tokenEndpointFailure, type FailureMode, type FailureModeName } from './failure-simulation.ts';
