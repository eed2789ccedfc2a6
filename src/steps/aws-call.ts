// Runs one AWS call for a step: an endpoint that does not answer becomes a StepFailure naming the
// common problem (LocalStack not running) instead of an SDK stack trace.
import { awsErrorOf, errorDetail, isUnreachable } from '../aws/errors.js';
import { StepFailure, type StepContext } from './context.js';

export async function stepCall<T>(ctx: StepContext, operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof StepFailure) throw error;
    if (isUnreachable(error)) {
      throw new StepFailure(
        {
          en: `Nothing answered at ${ctx.endpoint.url} during ${operation}. Is LocalStack (or the built-in endpoint) running?`,
          ja: `${operation} の途中で ${ctx.endpoint.url} から応答がありませんでした。LocalStack (または内蔵エンドポイント) は起動していますか?`,
        },
        'localstack-not-starting',
        [{ label: operation, value: errorDetail(error) }],
        true,
      );
    }
    const aws = awsErrorOf(error);
    if (aws) {
      throw new StepFailure(
        {
          en: `${operation} was refused: ${aws.detail}`,
          ja: `${operation} が拒否されました: ${aws.detail}`,
        },
        undefined,
        [{ label: operation, value: aws.detail }],
      );
    }
    throw error;
  }
}
