// Reading a Lambda function's resource policy: is there a statement that lets a service invoke
// it from a given source? Used by the trigger step, its check and the diagnosis.
import { GetPolicyCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { unlessMissing } from './errors.js';

export interface PolicyStatement {
  Sid?: string;
  Effect?: string;
  Principal?: string | { Service?: string | string[] };
  Action?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export async function readFunctionPolicy(lambda: LambdaClient, functionName: string): Promise<{ statements: PolicyStatement[]; raw?: string }> {
  const out = await unlessMissing(lambda.send(new GetPolicyCommand({ FunctionName: functionName })), 'ResourceNotFoundException');
  if (!out?.Policy) return { statements: [] };
  const parsed = JSON.parse(out.Policy) as { Statement?: PolicyStatement[] };
  return { statements: parsed.Statement ?? [], raw: out.Policy };
}

export function principalServices(statement: PolicyStatement): string[] {
  const p = statement.Principal;
  if (!p || typeof p === 'string') return p ? [p] : [];
  return [p.Service ?? []].flat();
}

export function sourceArnOf(statement: PolicyStatement): string | undefined {
  for (const operator of ['ArnLike', 'ArnEquals', 'StringEquals', 'StringLike']) {
    const value = statement.Condition?.[operator]?.['AWS:SourceArn'];
    if (value) return [value].flat()[0];
  }
  return undefined;
}

/** The statement that grants `principal` the right to invoke from `sourceArn`, exactly as the lesson asks. */
export function grantingStatement(statements: PolicyStatement[], principal: string, sourceArn: string): PolicyStatement | undefined {
  return statements.find(
    (s) =>
      s.Effect === 'Allow' &&
      principalServices(s).includes(principal) &&
      [s.Action ?? []].flat().some((a) => a === 'lambda:InvokeFunction' || a === 'lambda:*') &&
      sourceArnOf(s) === sourceArn,
  );
}
