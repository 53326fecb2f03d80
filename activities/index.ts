// The activities a mandate workflow may call. Workflows import the *type* of this module only.
import type { ArchiveActivities } from './archive.activities';
import type { LinkActivities } from './link.activities';
import type { NotificationActivities } from './notification.activities';
import type { ReadModelActivities } from './read-model.activities';

export { ArchiveActivities } from './archive.activities';
export { LinkActivities } from './link.activities';
export type { RecordCounterpartLinkInput } from './link.activities';
export { NotificationActivities } from './notification.activities';
export { ReadModelActivities } from './read-model.activities';
export type { ArchiveRunInput } from './archive.activities';
export type { DeliverNotificationInput } from './notification.activities';
export type { ProjectMandateInput } from './read-model.activities';

/** The functions the worker registers, bound to their dependencies. */
export function createActivities(
  readModel: ReadModelActivities,
  notifications: NotificationActivities,
  archive: ArchiveActivities,
  links: LinkActivities,
) {
  return {
    projectMandate: readModel.projectMandate.bind(readModel),
    deliverNotification: notifications.deliverNotification.bind(notifications),
    archiveRun: archive.archiveRun.bind(archive),
    recordCounterpartLink: links.recordCounterpartLink.bind(links),
  };
}

export type MandateActivities = ReturnType<typeof createActivities>;
