// The course's hand scripts, as `init` writes them into a learner's project, in the order the
// lesson runs them. `check` (scripts-clean) runs these when they are there.
import { join } from 'node:path';

export const SCRIPTS_DIR = join('backend', 'scripts', 'aws');

/** In lesson order: bucket (step 2), build + deploy (3–4), invoke (5), trigger (6). */
export const LESSON_SCRIPTS = ['create-s3-bucket.sh', 'deploy-lambda.sh', 'test-lambda.sh', 'setup-s3-trigger.sh'] as const;
