// Redaction for what doctor prints and the report a learner sends to an instructor: AWS keys,
// LocalStack auth tokens, bearer tokens, presigned-URL signatures, private keys, passwords in URLs,
// Google API keys and anything named like a secret (DB_PASS=…). Also the literal values of the
// secret-named variables in the environment, wherever they appear. These rules are synchronous and
// cheap; redact-rules.ts adds secretlint's maintained rule set on top where output can wait for it.

const MASK = '[REDACTED]';

/** Names of variables/fields whose values are secrets. */
const SECRET_NAME = /^(?:.*(?:TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL)S?.*|(?:.*_)?PASS|.+_PWD)$/i;

const RULES: [RegExp, string | ((...groups: string[]) => string)][] = [
  // PEM private keys, whole.
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, `-----BEGIN PRIVATE KEY----- ${MASK} -----END PRIVATE KEY-----`],
  // Passwords in URLs (http://user:password@host, mysql://…): the user stays, the password goes.
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/]*:)([^\s@/]+)@/gi, (_m: string, before: string, value: string) => `${before}${value === MASK ? value : MASK}@`],
  // A token alone as the userinfo (https://ghp_…@github.com).
  [/(\b[a-z][a-z0-9+.-]*:\/\/)([A-Za-z0-9_-]{16,})@/gi, `$1${MASK}@`],
  // name=value, name: value, "name": "value" for secret-looking names (keeps the name). PASS and PWD
  // count only as a whole part of the name (DB_PASS, MYSQL_PWD), not inside a word (bypass), and a
  // bare PWD is the shell's working directory, not a password.
  [
    /(\b[\w.-]*?(?:token|secret|password|passwd|passphrase|api[_-]?key|private[_-]?key|access[_-]?key(?:[_-]?id)?|credentials?|auth|(?<![a-z])pass|_pwd)\b["']?\s*[:=]\s*["']?)([^\s"',;&]+)/gi,
    (_m: string, name: string, value: string) => (value === MASK ? `${name}${value}` : `${name}${MASK}`),
  ],
  // Authorization headers and bearer/basic credentials.
  [/\b(Authorization\s*:\s*)[^\n]+/gi, `$1${MASK}`],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, `$1 ${MASK}`],
  // Presigned URLs (e.g. GetFunction's Code.Location on AWS).
  [/\b(X-Amz-(?:Signature|Credential|Security-Token))=[^&\s"']+/gi, `$1=${MASK}`],
  // AWS access key ids.
  [/\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/g, MASK],
  // LocalStack auth tokens (ls-…-…-…) and common API token shapes.
  [/\bls-[A-Za-z0-9]{2,}(?:-[A-Za-z0-9]{2,}){2,}\b/g, MASK],
  [/\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}|sk-[A-Za-z0-9_-]{20,}|npm_[A-Za-z0-9]{30,})\b/g, MASK],
  // Google API keys.
  [/\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g, MASK],
  // A bare 40-character AWS secret access key (mixed case and digits; hashes are not mixed case).
  [/(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]*[a-z])(?=[A-Za-z0-9/+]*[A-Z])(?=[A-Za-z0-9/+]*[0-9])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g, MASK],
];

export function redact(text: string, env: NodeJS.ProcessEnv = {}): string {
  let out = redactEnvironmentSecrets(text, env);
  for (const [pattern, replacement] of RULES) {
    out = out.replace(pattern, replacement as string);
  }
  return out;
}

/** Replaces the literal values of secret-named environment variables (6+ characters) wherever they occur. */
export function redactEnvironmentSecrets(text: string, env: NodeJS.ProcessEnv): string {
  const values = Object.entries(env)
    .filter(([name, value]) => SECRET_NAME.test(name) && typeof value === 'string' && value.length >= 6)
    .map(([, value]) => value as string)
    .sort((a, b) => b.length - a.length);
  let out = text;
  for (const value of values) out = out.split(value).join(MASK);
  return out;
}
