// Everything a lesson command needs, set up once: language, state dir, the lesson, the endpoint
// (LocalStack, a given URL, or the built-in one started in-process with --embedded), SDK clients
// and the progress store. `close()` releases all of it.
import type { CommonOptions } from './options.js';
import { resolveLang, type Lang } from '../config/language.js';
import { endpointDataDir, resolveStateDir } from '../config/state-dir.js';
import { guardRealAws, isLocalEndpoint, resolveEndpoint, type EndpointSource } from '../config/endpoint.js';
import { localAwsSettings } from '../config/credentials.js';
import { endpointAccess } from '../config/endpoint-access.js';
import { loadDefaultLesson, type Lesson } from '../lesson/index.js';
import { createAwsClients, type AwsClients } from '../aws/clients.js';
import { readHealth, type EndpointKind } from '../aws/health.js';
import { ProgressStore } from '../progress/store.js';
import type { StepContext } from '../steps/context.js';
import type { LambdaArchitecture } from '../steps/packaging/index.js';
import { say, type Text } from '../i18n/text.js';
import { repairText } from '../endpoint/store/repairs.js';
import type { EndpointEvents } from '../endpoint/events.js';

export interface SessionOptions extends CommonOptions {
  functionDir?: string;
  /** `--zip`: the learner's own function package. */
  zip?: string;
  arch?: LambdaArchitecture;
}

export interface Session {
  lang: Lang;
  lesson: Lesson;
  stateDir: string;
  endpoint: { url: string; kind: EndpointKind; source: EndpointSource };
  aws: AwsClients;
  progress: ProgressStore;
  stepContext(onProgress?: StepContext['onProgress']): StepContext;
  close(): Promise<void>;
}

/** What the command will do, so the session can get it ready while the rest is set up. */
export interface SessionIntent {
  /**
   * The command is about to invoke the function (a check that writes, a run): a built-in endpoint
   * started here starts its environment at once, while the SDK and the first checks load.
   */
  invokes?: boolean;
}

/**
 * @param writeNote where notes for the person go (never data: stdout may carry JSON), e.g. stderr.
 */
export async function openSession(options: SessionOptions, writeNote: (text: string) => void, intent: SessionIntent = {}): Promise<Session> {
  const lang = resolveLang(options.lang);
  const note = (text: Text) => writeNote(`${say(lang, text)}\n`);
  const stateDir = resolveStateDir(options.stateDir);
  const lesson = await loadDefaultLesson();
  const closers: (() => Promise<void>)[] = [];

  let url: string;
  let source: EndpointSource;
  let endpointEvents: EndpointEvents | undefined;
  if (options.embedded) {
    // On the endpoint's own address (DESIGN §3); what already answers there is used, never a random port.
    const { openEmbeddedEndpoint } = await import('./endpoint-address.js');
    const address = resolveEndpoint(options.endpoint);
    const embedded = await openEmbeddedEndpoint(address, endpointDataDir(stateDir), endpointAccess(options));
    if (embedded.kind === 'started') {
      const running = embedded.running;
      endpointEvents = running.events;
      if (intent.invokes) void running.warmFunctions(); // not awaited: it runs while the rest is set up
      closers.push(() => running.close());
      for (const repair of running.repairs) note(repairText(repair));
    }
    url = embedded.url;
    source = embedded.kind === 'started' ? 'embedded' : address.source;
    note(embedded.note);
  } else {
    const resolved = resolveEndpoint(options.endpoint);
    guardRealAws(resolved, options.allowAws);
    url = resolved.url;
    source = resolved.source;
  }

  const settings = isLocalEndpoint(url) ? localAwsSettings(url) : { endpoint: url, region: lesson.resources.region };
  const aws = await createAwsClients(settings);
  closers.push(async () => aws.destroy());
  const health = await readHealth(url, 2000);
  const endpoint = { url, kind: health.kind, source };

  return {
    lang,
    lesson,
    stateDir,
    endpoint,
    aws,
    progress: new ProgressStore(stateDir),
    stepContext: (onProgress) => ({
      lesson,
      aws,
      endpoint,
      stateDir,
      cwd: process.cwd(),
      ...(options.functionDir ? { functionDir: options.functionDir } : {}),
      ...(options.zip ? { zip: options.zip } : {}),
      arch: options.arch ?? 'x86_64',
      ...(onProgress ? { onProgress } : {}),
      ...(endpointEvents ? { endpointEvents } : {}),
    }),
    close: async () => {
      for (const close of closers.reverse()) await close();
    },
  };
}
