// Setup of the *-nocache jest projects: the same tests with the worker's sticky cache off, so that every
// workflow task replays the history from the start (the worker processes inherit this environment, and
// withRecordingWorker passes it on). A workflow whose commands depend on how its tasks were cut fails here.
process.env.WORKER_MAX_CACHED_WORKFLOWS = '0';
