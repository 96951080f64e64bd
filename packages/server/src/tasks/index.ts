export { TaskRunner, ATTEMPTS_EXHAUSTED, INTERNAL_ERROR, type TaskRunnerOptions, type TaskRunnerSettings } from "./task-runner.js";
export { runMemorize } from "./run-memorize.js";
