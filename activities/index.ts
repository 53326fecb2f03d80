// The activities a mandate workflow may call. Workflows import the *type* of this module only.
import { ReadModelActivities } from './read-model.activities';

export { ReadModelActivities };
export type { ProjectMandateInput } from './read-model.activities';

/** The functions the worker registers, bound to their dependencies. */
export function createActivities(readModel: ReadModelActivities) {
  return {
    projectMandate: readModel.projectMandate.bind(readModel),
  };
}

export type MandateActivities = ReturnType<typeof createActivities>;
