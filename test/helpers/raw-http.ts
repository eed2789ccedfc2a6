// One HTTP request with exactly the headers given (fetch cannot set Host, and adds its own), as
// curl or a browser would send it. Nothing is signed unless the caller adds an Authorization.
import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';

export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export function rawHttp(url: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<RawAnswer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        method: options.method ?? 'GET',
        path: `${target.pathname}${target.search}`,
        headers: { ...(options.body !== undefined ? { 'content-length': String(Buffer.byteLength(options.body)) } : {}), ...options.headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** `<Code>X</Code>` of an S3/IAM error document, or the JSON error type of Lambda/Logs. */
export function errorCode(answer: RawAnswer): string | undefined {
  const xml = /<Code>([^<]*)<\/Code>/.exec(answer.body)?.[1];
  if (xml) return xml;
  const type = answer.headers['x-amzn-errortype'];
  if (typeof type === 'string') return type;
  try {
    const json = JSON.parse(answer.body) as { __type?: string; error?: string };
    return json.__type ?? json.error;
  } catch {
    return undefined;
  }
}

/** The probe: a CreateFunction body a hostile page would send as a "simple" request (text/plain, no Authorization). */
export async function plantedFunctionBody(): Promise<string> {
  const { zipSync, strToU8 } = await import('fflate');
  const zip = zipSync({ 'index.js': strToU8("exports.handler = async () => require('fs').writeFileSync('/tmp/planted-by-a-web-page', 'x');\n") });
  return JSON.stringify({ FunctionName: 'planted', Runtime: 'nodejs20.x', Role: 'arn:aws:iam::000000000000:role/any', Handler: 'index.handler', Code: { ZipFile: Buffer.from(zip).toString('base64') } });
}
