// The guided UI's services while the session opens. The lesson (loaded as data) and the endpoint's
// address are known at once, so the first frame is drawn before the endpoint starts and the SDK
// loads; every call that needs the session waits for it. No Ink here.
import type { Lesson } from '../lesson/index.js';
import type { LessonServices } from './services.js';
import type { EndpointInfo } from './state/types.js';

export interface ConnectingOptions {
  lesson: Lesson;
  /** Where the session is connecting to, shown (marked `connecting`) until it is open. */
  endpoint: EndpointInfo;
  /** The notes array the session writes to (shared with the open services). */
  notes: string[];
  /** Opens the session and its services; called once, by connect() or the first call that needs it. */
  open: () => Promise<LessonServices>;
}

export interface ConnectingServices extends LessonServices {
  /** Starts opening the session unless it already is; resolves with the open services. */
  connect(): Promise<LessonServices>;
}

export function connectingServices(options: ConnectingOptions): ConnectingServices {
  let opening: Promise<LessonServices> | undefined;
  let open: LessonServices | undefined;
  const connect = () =>
    (opening ??= options.open().then((services) => {
      open = services;
      return services;
    }));
  const opened = (what: string): LessonServices => {
    if (!open) throw new Error(`${what} needs the session, which is still opening`);
    return open;
  };

  return {
    connect,
    get lesson() {
      return open?.lesson ?? options.lesson;
    },
    endpoint: () => open?.endpoint() ?? { ...options.endpoint, connecting: true },
    takeNotes: () => open?.takeNotes() ?? options.notes.splice(0),
    progress: async () => (await connect()).progress(),
    resume: async () => (await connect()).resume(),
    // Only asked about results of checks, which ran in the open session.
    covered: (results, artifact) => opened('covered()').covered(results, artifact),
    perform: async (step, hooks, onProgress) => (await connect()).perform(step, hooks, onProgress),
    check: async (step, onResult) => (await connect()).check(step, onResult),
    diagnose: async (results) => (await connect()).diagnose?.(results) ?? [],
    offers: async (results, diagnoses) => (await connect()).offers(results, diagnoses),
    applyFix: async (fix) => (await connect()).applyFix(fix),
    preflight: async () => (await connect()).preflight(),
    openShop: async (lang) => (await connect()).openShop(lang),
    timing: () => opened('timing()').timing(),
    // Quitting while the session still opens: let it finish opening, then release it.
    close: async () => void (await opening?.then((services) => services.close(), () => undefined)),
  };
}
