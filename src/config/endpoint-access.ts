// Who besides the learner's own tools may use the built-in endpoint: extra host names
// (`--allow-host`) and web page origins trusted with every API (`--allow-origin`, and LocalStack's
// EXTRA_CORS_ALLOWED_ORIGINS so a LocalStack set-up carries over).
export interface EndpointAccessFlags {
  allowHost?: string[];
  allowOrigin?: string[];
}

export interface EndpointAccess {
  allowedHosts: string[];
  allowedOrigins: string[];
}

/** Commander collector for a repeatable option: `--allow-host a --allow-host b,c` → [a, b, c]. */
export function collectList(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...splitList(value)];
}

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

export function endpointAccess(flags: EndpointAccessFlags, env: NodeJS.ProcessEnv = process.env): EndpointAccess {
  return {
    allowedHosts: flags.allowHost ?? [],
    allowedOrigins: [...(flags.allowOrigin ?? []), ...splitList(env.EXTRA_CORS_ALLOWED_ORIGINS)],
  };
}
