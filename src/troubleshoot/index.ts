// The troubleshooter: which of the three common problems a failed checklist shows, why (with
// evidence from probes), and fixes that can be applied. Consumers: `doctor`, the Ink UI,
// instructor mode. See types.ts for the model.
export { diagnose } from './diagnose.js';
export type { Diagnosis, Fix, FixImpact, FixResult } from './types.js';
export type { DiagnoseOptions } from './options.js';
export { findComposeFile } from './options.js';
export { CAUSE_IDS, causeTitles, type CauseId } from './causes.js';
export { applyFixes, fixesInOrder, type AppliedFix, type ApplyHooks } from './apply-fixes.js';
export { closeStartedEndpoints } from './fixes/builtin.js';
export { ACCOUNT_FREE_IMAGE, composeImage, pinComposeImage } from './fixes/docker.js';
export { redact, redactEnvironmentSecrets } from './redact.js';
export { formatDiagnosesText, diagnosesJson, impactText, type DiagnosisJson } from './format.js';
export { buildMarkdownReport, type ReportInput } from './report.js';
