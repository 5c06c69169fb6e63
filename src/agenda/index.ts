/**
 * The agenda: derived touch statuses, cadence statuses, and what is due across the network on
 * a day, grouped as a digest per team member per day.
 */
export { TOUCH_STATUSES, cadenceStatuses, touchStatus, type CadenceStatus, type CadenceStatusKind, type TouchStatus } from './status.js'
export {
  AGENDA_MAX_DAYS,
  agenda,
  contactAgenda,
  mergeAgendas,
  type Agenda,
  type AgendaError,
  type AgendaItem,
  type AgendaNote,
  type AgendaOptions,
  type CadenceItem,
  type GraduationProposal,
  type MissingDates,
  type OlderOverdue,
  type ReferralDeadline,
  type ReferralTouchItem,
  type TimeOfDay,
} from './agenda.js'
export { UNASSIGNED, digest, type DigestEntry } from './digest.js'
export {
  AGENDA_PAGE_LIMIT,
  agendaCountsFromIndex,
  agendaFromIndex,
  agendaIndex,
  agendaPageFromIndex,
  extendAgendaIndex,
  updateAgendaIndex,
  type AgendaCounts,
  type AgendaDay,
  type AgendaIndex,
  type AgendaIndexOptions,
  type AgendaItemKey,
  type AgendaPage,
  type AgendaPageError,
  type AgendaPageQuery,
} from './agenda-index.js'
