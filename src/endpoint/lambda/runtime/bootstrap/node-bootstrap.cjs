'use strict';
// Lambda's Node.js runtime as the built-in endpoint runs it, one process per execution environment:
//   node --max-old-space-size=<from MemorySize> node-bootstrap.cjs <sdkRoot>
// with the Lambda environment only (LAMBDA_TASK_ROOT, _HANDLER, …) and two private pipes:
//   fd 3  runner → worker  one JSON message per line: {t:'invoke', id, body, deadlineMs, arn, traceId}
//   fd 4  worker → runner  one JSON message per line, written synchronously so that log lines and
//                          results arrive in the order they happened, even if the process dies:
//                          {t:'log', time, message} {t:'ready'} {t:'init-error', error}
//                          {t:'started', id} (the invocation was received: until then, a worker
//                          that dies never ran it) {t:'response', id, body}
//                          {t:'error', id, error, fatal?} (fatal: the process exits next)
//                          {t:'fatal'} (an uncaught exception between invocations: exiting)
// stdout/stderr writes of the process itself are sent the same way, line by line (output of child
// processes it starts still goes to the real stdout/stderr pipes, which the runner also logs).
// It behaves as the real runtime does: console.* lines as `<ISO time>\t<request id>\t<LEVEL>\t<text>`;
// async handlers answer when their promise settles; callback handlers answer when the callback is
// called and (unless context.callbackWaitsForEmptyEventLoop = false) the event loop is empty; a
// handler that returns no promise and never calls back answers null once the loop is empty; an
// uncaught exception or unhandled rejection fails the invocation and ends the process.
//
// Plain JavaScript on purpose: the worker runs no TypeScript.

const fs = require('node:fs');
const net = require('node:net');
const util = require('node:util');
const { StringDecoder } = require('node:string_decoder');
const { installModuleGuard } = require('./module-guard.cjs');
const { loadHandler } = require('./handler-loader.cjs');

const IN_FD = 3;
const OUT_FD = 4;

function send(message) {
  const bytes = Buffer.from(`${JSON.stringify(message)}\n`, 'utf8');
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += fs.writeSync(OUT_FD, bytes, offset);
    } catch (error) {
      if (error.code !== 'EAGAIN') throw error;
    }
  }
}

// ---- logging (the runtime's console patch) ----
let currentRequestId; // undefined during init: Lambda prints "undefined" there too

function writeLog(level, args) {
  const time = new Date();
  send({ t: 'log', time: time.getTime(), message: `${time.toISOString()}\t${currentRequestId}\t${level}\t${util.format(...args)}` });
}

console.trace = (...args) => writeLog('TRACE', args);
console.debug = (...args) => writeLog('DEBUG', args);
console.info = (...args) => writeLog('INFO', args);
console.log = console.info;
console.warn = (...args) => writeLog('WARN', args);
console.error = (...args) => writeLog('ERROR', args);
console.fatal = (...args) => writeLog('FATAL', args);

// Direct writes to stdout/stderr become log lines through the same ordered pipe, so that they stay
// inside their invocation's START…END (separate pipes could deliver them after the reply).
function captureWrites(stream) {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  stream.write = (chunk, encoding, callback) => {
    if (typeof encoding === 'function') {
      callback = encoding;
      encoding = undefined;
    }
    pending += typeof chunk === 'string' ? chunk : decoder.write(Buffer.from(chunk));
    const lines = pending.split('\n');
    pending = lines.pop();
    for (const line of lines) send({ t: 'log', time: Date.now(), message: line.replace(/\r$/, '') });
    if (typeof callback === 'function') process.nextTick(callback);
    return true;
  };
  return () => {
    if (pending) send({ t: 'log', time: Date.now(), message: pending });
    pending = '';
  };
}
const flushStdout = captureWrites(process.stdout);
const flushStderr = captureWrites(process.stderr);
function flushWrites() {
  flushStdout();
  flushStderr();
}

/** The error document Lambda returns: {errorType, errorMessage, trace}. */
function toErrorBody(error) {
  try {
    if (util.types.isNativeError(error) || looksLikeError(error)) {
      return { errorType: error.name, errorMessage: error.message, trace: String(error.stack).split('\n') };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage: 'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
    };
  }
}

function looksLikeError(value) {
  return Boolean(value) && typeof value.name === 'string' && typeof value.message === 'string' && typeof value.stack === 'string';
}

/** `Invoke Error \t{"errorType":…,"errorMessage":…,"stack":[…]}` as the runtime logs errors. */
function logError(label, error) {
  let text;
  try {
    text = JSON.stringify(error, (_key, value) => {
      if (!(value instanceof Error)) return value;
      const shaped = Object.assign({ errorType: value.name, errorMessage: value.message, code: value.code }, value);
      if (typeof value.stack === 'string') shaped.stack = value.stack.split('\n');
      return shaped;
    });
  } catch {
    text = JSON.stringify(toErrorBody(error));
  }
  console.error(label, `\t${text}`);
}

class UnhandledPromiseRejection extends Error {
  constructor(reason) {
    super(String(reason));
    this.reason = reason;
  }
}
Object.defineProperty(UnhandledPromiseRejection.prototype, 'name', { value: 'Runtime.UnhandledPromiseRejection', writable: true });

class NodeJsExit extends Error {
  constructor() {
    super(
      'The Lambda runtime client detected an unexpected Node.js exit code. This is most commonly caused by a Promise that was never settled. For more information, see https://nodejs.org/docs/latest/api/process.html#exit-codes',
    );
  }
}
Object.defineProperty(NodeJsExit.prototype, 'name', { value: 'Runtime.NodeJsExit', writable: true });

// ---- state ----
let initialised = false;
let activeId; // the invocation being handled, until its reply is sent
let input; // the fd 3 socket; unref'd while an invocation runs so an empty event loop shows
let onEmptyEventLoop = () => {};

process.on('beforeExit', () => onEmptyEventLoop());

function fatal(label, error, exitCode) {
  logError(label, error);
  flushWrites();
  if (activeId !== undefined) send({ t: 'error', id: activeId, error: toErrorBody(error), fatal: true });
  else if (!initialised) send({ t: 'init-error', error: toErrorBody(error) });
  else send({ t: 'fatal' });
  process.exit(exitCode);
}

process.on('uncaughtException', (error) => fatal('Uncaught Exception', error, 129));
process.on('unhandledRejection', (reason) => fatal('Unhandled Promise Rejection', new UnhandledPromiseRejection(reason), 128));

function reply(message) {
  flushWrites();
  activeId = undefined;
  onEmptyEventLoop = () => {};
  input.ref();
  send(message);
}

function runInvocation(handler, isAsync, invocation) {
  const { id, body, deadlineMs, arn, traceId } = invocation;
  activeId = id;
  currentRequestId = id;
  process.env._X_AMZN_TRACE_ID = traceId;
  input.unref();

  let settled = false;
  let waitForEmptyEventLoop = true;
  const succeedNow = (result) => {
    let json;
    try {
      json = JSON.stringify(result === undefined ? null : result);
    } catch {
      const error = new Error('Unable to stringify response body');
      logError('Invoke Error', error);
      reply({ t: 'error', id, error: toErrorBody(error) });
      return;
    }
    reply({ t: 'response', id, body: json });
  };
  const failNow = (error) => {
    logError('Invoke Error', error);
    reply({ t: 'error', id, error: toErrorBody(error) });
  };
  const once = (fn) => (...args) => {
    if (settled) return;
    settled = true;
    fn(...args);
  };
  const done = once((error, result) => (error !== undefined && error !== null ? failNow(error) : succeedNow(result)));
  const callback = once((error, result) => {
    if (error !== undefined && error !== null) return failNow(error);
    if (!waitForEmptyEventLoop) return succeedNow(result);
    onEmptyEventLoop = () => setImmediate(() => succeedNow(result));
  });
  // No callback and no promise: the invocation ends when the event loop is empty.
  onEmptyEventLoop = () => {
    if (settled) return;
    settled = true;
    if (isAsync) failNow(new NodeJsExit());
    else succeedNow(null);
  };

  const env = process.env;
  const context = {
    get callbackWaitsForEmptyEventLoop() {
      return waitForEmptyEventLoop;
    },
    set callbackWaitsForEmptyEventLoop(value) {
      waitForEmptyEventLoop = value;
    },
    succeed: (result) => done(null, result),
    fail: (error) => done(error === undefined || error === null ? 'handled' : error, null),
    done: (error, result) => done(error, result),
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    clientContext: undefined,
    identity: undefined,
    invokedFunctionArn: arn,
    awsRequestId: id,
    getRemainingTimeInMillis: () => deadlineMs - Date.now(),
  };

  try {
    const result = handler(JSON.parse(body), context, callback);
    if (result && typeof result.then === 'function') {
      result.then(context.succeed, context.fail);
    }
  } catch (error) {
    callback(error);
  }
}

function listen(handler) {
  const isAsync = handler.constructor && handler.constructor.name === 'AsyncFunction';
  input = new net.Socket({ fd: IN_FD, readable: true, writable: false });
  input.setEncoding('utf8');
  let pending = '';
  input.on('data', (chunk) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop();
    for (const line of lines) {
      if (!line) continue;
      const message = JSON.parse(line);
      if (message.t !== 'invoke') continue;
      send({ t: 'started', id: message.id });
      runInvocation(handler, isAsync, message);
    }
  });
  // The runner went away: so does its execution environment.
  input.on('end', () => process.exit(0));
  input.on('error', () => process.exit(0));
}

async function main() {
  const taskRoot = fs.realpathSync(process.env.LAMBDA_TASK_ROOT);
  installModuleGuard({ taskRoot, sdkRoot: process.argv[2] });
  process.chdir(taskRoot);
  let handler;
  try {
    handler = await loadHandler(taskRoot, process.env._HANDLER || '');
  } catch (error) {
    fatal('Uncaught Exception', error, 129);
    return;
  }
  initialised = true;
  listen(handler);
  send({ t: 'ready' });
}

void main();
