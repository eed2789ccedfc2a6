// Probe: something answers on the port but not with LocalStack's health JSON. Who is it? The
// Server header and the first bytes of `GET /` usually say (a dev server, nginx, another app).
export interface WhoAnswers {
  status?: number;
  server?: string;
  contentType?: string;
  /** The first characters of the body of `GET /`. */
  body?: string;
  error?: string;
}

export async function probeWhoAnswers(url: string, timeoutMs = 3000): Promise<WhoAnswers> {
  try {
    const response = await fetch(`${url}/`, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    const body = (await response.text()).replace(/\s+/g, ' ').trim().slice(0, 200);
    return {
      status: response.status,
      ...(response.headers.get('server') ? { server: response.headers.get('server') as string } : {}),
      ...(response.headers.get('content-type') ? { contentType: response.headers.get('content-type') as string } : {}),
      body,
    };
  } catch (error) {
    return { error: (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message };
  }
}

export function describeWhoAnswers(who: WhoAnswers): string {
  if (who.error) return `GET / failed: ${who.error}`;
  return [`HTTP ${who.status}`, who.server ? `Server: ${who.server}` : '', who.contentType ? `Content-Type: ${who.contentType}` : '', who.body ? `body: ${who.body}` : '']
    .filter(Boolean)
    .join('; ');
}
