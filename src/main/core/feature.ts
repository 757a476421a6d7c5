/**
 * A feature of the core declares itself in one place. Its module (`<feature>/<feature>.feature.ts`)
 * receives the shared services as one object of named fields and returns:
 * - its RPC handlers, each audited action wrapped on the line that registers it (audit/audited.ts);
 * - its task kinds, each with its own audit entry (typed by the task's result, no event listener);
 * - the holders of per-student data that erasure and the right of access walk;
 * - the media kinds it serves, and what it must stop when the core closes.
 * The composition root (core.ts) is then a list of features; a contract method no feature handles,
 * or one handled twice, is an error at compile time or at start-up.
 */
import type { MethodName } from '../../shared/rpc/contract';
import type { AuditLog } from './audit/audit-log';
import type { Audited } from './audit/audited';
import type { EventBus } from './events';
import type { StudentDataOwner } from './gdpr/student-data-registry';
import type { CoreInfo, HostPort } from './host.port';
import type { JobsService } from './jobs/jobs.service';
import type { Logger } from '../lib/logger';
import type { MediaResolver } from './media/media-resolver';
import type { Handlers } from './rpc/dispatcher';
import type { StudioIndex } from './studio/studio-index.repository';
import type { AnyTaskKind, TaskRunner } from './tasks/task-runner';

/** The services every feature may use, built once by the composition root. */
export interface CoreServices {
  readonly info: CoreInfo;
  readonly studio: StudioIndex;
  readonly jobs: JobsService;
  readonly tasks: TaskRunner;
  readonly events: EventBus;
  readonly audit: AuditLog;
  readonly audited: Audited;
  readonly media: MediaResolver;
  readonly host: HostPort;
  readonly logger: Logger;
}

export interface Feature<M extends MethodName = MethodName> {
  /** Short name for logs and start-up errors (`roster`, `publish`). */
  readonly name: string;
  readonly handlers: Pick<Handlers, M>;
  readonly tasks?: readonly AnyTaskKind[];
  readonly studentData?: readonly StudentDataOwner[];
  /** Registers the media kinds this feature serves (thumbnails, previews, web copies). */
  readonly media?: (media: MediaResolver) => void;
  /** Stops what the feature started (a watcher, a child process); called once when the core closes. */
  readonly close?: () => void | Promise<void>;
}

type MethodsOf<F> = F extends Feature<infer M> ? M : never;

/** Contract methods none of `F` handles (`never` when the list is complete). */
export type MissingMethods<F extends readonly Feature<never>[]> = Exclude<MethodName, MethodsOf<F[number]>>;

/**
 * Every feature's handlers as one `Handlers` map. Typed so that leaving a method out does not
 * compile; a method handled by two features throws at start-up (the second would silently win).
 */
export function featureHandlers<const F extends readonly Feature<never>[]>(
  features: F & ([MissingMethods<F>] extends [never] ? unknown : { missingMethods: MissingMethods<F> }),
): Handlers {
  const handlers: Partial<Record<MethodName, unknown>> = {};
  const owner = new Map<string, string>();
  for (const feature of features as readonly Feature<never>[]) {
    for (const [method, handler] of Object.entries(feature.handlers)) {
      const previous = owner.get(method);
      if (previous) throw new Error(`${method} is handled by both ${previous} and ${feature.name}`);
      owner.set(method, feature.name);
      handlers[method as MethodName] = handler;
    }
  }
  return handlers as Handlers;
}
