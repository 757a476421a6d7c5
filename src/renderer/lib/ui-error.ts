/**
 * What the UI keeps of a failure: the core's error code and parameters (never its pre-rendered
 * message), so it can be shown again in whatever language the user picks.
 */
import type { ErrorCode, ErrorParams, ValidationIssue } from '../../shared/rpc/errors';
import { RpcCallError } from '../../shared/rpc/client';

export interface UiError {
  code: ErrorCode;
  params: ErrorParams;
  issues: ValidationIssue[];
}

export function toUiError(error: unknown): UiError {
  if (error instanceof RpcCallError) {
    return { code: error.code, params: error.params ?? {}, issues: error.issues ?? [] };
  }
  // Not from the core (a bug in the UI itself): say so with something the user can report.
  const ref = error instanceof Error ? error.message : String(error);
  return { code: 'internal', params: { ref }, issues: [] };
}
