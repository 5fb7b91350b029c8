export * from './errors';
export { emitGlueJobStateChange, newJobRunId, type GlueJobStateChange } from './job-state-event';
export { LOCAL_JOB_SCRIPT, glueScriptEnvironment, type BatchJob } from './job-script';
export { localGlueJobNames } from './job-names';
export {
  jobArgumentsOf,
  jobNameOf,
  runLocalEtlWorkflow,
  runLocalGlueJob,
  type GlueJobDeployment,
  type LocalGlueJobOptions,
} from './run-job';
