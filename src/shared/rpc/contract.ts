/**
 * The contract between the UI and the core: every method the UI may call, with its input and output
 * schemas. The core validates every input against `params` before any handler runs; the `Handlers`
 * type in the core maps each entry to an implementation, so a method left unimplemented does not
 * compile. The doc comment on each entry is the API reference.
 */
import type { z } from 'zod';
import { appContract } from './contract-app';
import { formsContract } from './contract-forms';
import { ordersContract } from './contract-orders';
import { rosterContract } from './contract-roster';
import { ingestContract } from './contract-ingest';
import { originalsContract } from './contract-originals';
import { gdprContract } from './contract-gdpr';
import { platformAccessContract } from './contract-platform-access';
import { labelingContract } from './contract-labeling';
import { proofingContract } from './contract-proofing';
import { publishContract } from './contract-publish';
import { cardsContract } from './contract-cards';
import { productionContract } from './contract-production';

export const contract = {
  ...appContract,
  ...rosterContract,
  ...ingestContract,
  ...originalsContract,
  ...formsContract,
  ...ordersContract,
  ...gdprContract,
  ...platformAccessContract,
  ...labelingContract,
  ...proofingContract,
  ...publishContract,
  ...cardsContract,
  ...productionContract,
} as const satisfies Record<string, { params: z.ZodType; result: z.ZodType }>;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
/** What a caller passes (defaults not yet applied). */
export type ParamsIn<M extends MethodName> = z.input<Contract[M]['params']>;
/** What a handler receives (validated, defaults applied). */
export type ParamsOut<M extends MethodName> = z.output<Contract[M]['params']>;
export type Result<M extends MethodName> = z.output<Contract[M]['result']>;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}
