/**
 * The dispatcher: the single entry point of the core for every host. It looks the method up in the
 * contract, validates the input, runs the handler and turns any failure into a serializable error.
 * Nothing a caller sends can crash it.
 */
import type { z } from 'zod';
import type { Language } from '../../../shared/domain/settings';
import { errorMessage } from '../../../shared/i18n';
import {
  contract,
  isMethodName,
  type MethodName,
  type ParamsOut,
  type Result,
} from '../../../shared/rpc/contract';
import type { RpcError } from '../../../shared/rpc/errors';
import { AppError, toRpcError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import { describeIssues, summariseIssues } from './validation';

export interface CallContext {
  /** Language of the caller's UI, for error messages. */
  lang: Language;
  /** Which connection called (for logs and to tell windows apart). */
  clientId?: string;
}

/** One implementation per contract method: a method missing here is a compile error. */
export type Handlers = {
  [M in MethodName]: (params: ParamsOut<M>, ctx: CallContext) => Promise<Result<M>> | Result<M>;
};

export type Outcome = { ok: true; result: unknown } | { ok: false; error: RpcError };

export type Dispatch = (method: string, params: unknown, ctx: CallContext) => Promise<Outcome>;

export interface DispatcherOptions {
  logger: Logger;
  /** Also check every result against its schema (on in tests: a handler returning the wrong shape fails loudly). */
  validateResults: boolean;
}

export function createDispatcher(handlers: Handlers, options: DispatcherOptions): Dispatch {
  const fail = (error: unknown, ctx: CallContext, method: string): Outcome => ({
    ok: false,
    error: toRpcError(error, ctx.lang, (ref, e) => options.logger.error(`${method} failed [${ref}]`, e)),
  });

  return async (method, params, ctx) => {
    if (!isMethodName(method)) {
      return {
        ok: false,
        error: {
          code: 'unknown_method',
          message: errorMessage(ctx.lang, 'unknown_method', { method }),
          params: { method },
        },
      };
    }
    const spec = contract[method];
    const parsed = (spec.params as z.ZodType).safeParse(params ?? {});
    if (!parsed.success) {
      const issues = describeIssues(parsed.error, ctx.lang);
      return fail(
        new AppError('invalid_params', { details: summariseIssues(issues) }, { issues }),
        ctx,
        method,
      );
    }
    try {
      const handler = handlers[method] as (p: unknown, c: CallContext) => unknown;
      const result = await handler(parsed.data, ctx);
      if (options.validateResults) {
        const check = (spec.result as z.ZodType).safeParse(result);
        if (!check.success)
          throw new Error(`Result of ${method} does not match its schema: ${check.error.message}`);
      }
      return { ok: true, result };
    } catch (error) {
      return fail(error, ctx, method);
    }
  };
}
