// Which runtimes CreateFunction/UpdateFunctionConfiguration accept. Retired runtimes (AWS blocks
// creating and updating functions on them) get AWS's "no longer supported" error, not the generic
// enum error, so a learner copying the course's go1.x sees the message AWS would show.

/** Runtimes AWS accepts for new functions. Kept in the order AWS's enum error lists them. */
export const SUPPORTED_RUNTIMES: readonly string[] = [
  'nodejs24.x',
  'nodejs22.x',
  'nodejs20.x',
  'nodejs18.x',
  'python3.14',
  'python3.13',
  'python3.12',
  'python3.11',
  'python3.10',
  'python3.9',
  'java25',
  'java21',
  'java17',
  'java11',
  'java8.al2',
  'dotnet10',
  'dotnet8',
  'ruby3.4',
  'ruby3.3',
  'ruby3.2',
  'provided.al2023',
  'provided.al2',
];

/** Runtimes whose function-create block date has passed. */
export const RETIRED_RUNTIMES: readonly string[] = [
  'go1.x',
  'provided',
  'java8',
  'nodejs',
  'nodejs4.3',
  'nodejs4.3-edge',
  'nodejs6.10',
  'nodejs8.10',
  'nodejs10.x',
  'nodejs12.x',
  'nodejs14.x',
  'nodejs16.x',
  'python2.7',
  'python3.6',
  'python3.7',
  'python3.8',
  'dotnetcore1.0',
  'dotnetcore2.0',
  'dotnetcore2.1',
  'dotnetcore3.1',
  'dotnet6',
  'ruby2.5',
  'ruby2.7',
];

/** AWS's InvalidParameterValueException message for a runtime it refuses, or `undefined` when accepted. */
export function runtimeProblem(runtime: string): string | undefined {
  if (SUPPORTED_RUNTIMES.includes(runtime)) return undefined;
  if (RETIRED_RUNTIMES.includes(runtime)) {
    return (
      `The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. ` +
      'We recommend you use a supported runtime while creating or updating functions.'
    );
  }
  return (
    `Value ${runtime} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: ` +
    `[${SUPPORTED_RUNTIMES.join(', ')}] or be a valid ARN`
  );
}

/** `provided*` runtimes run a `bootstrap` file, so they need no Handler. */
export function runtimeNeedsHandler(runtime: string): boolean {
  return !runtime.startsWith('provided');
}
