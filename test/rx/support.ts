import { TestScheduler } from 'rxjs/testing'
import { expect } from 'vitest'
import { SCHEMA_VERSIONS, type RelationshipEvent } from '../../src/events/index.js'
import type { Agenda } from '../../src/agenda/index.js'

/** A marble-test scheduler that asserts with vitest. */
export const testScheduler = (): TestScheduler => new TestScheduler((actual, expected) => expect(actual).toEqual(expected))

let n = 0
/** An event built by hand (ids are unique across the test file). */
export const ev = (contactId: string, type: RelationshipEvent['type'], payload: Record<string, unknown> = {}, at = '2026-01-01T09:00:00Z'): RelationshipEvent =>
  ({ id: `rx${n++}`, type, at, schema: SCHEMA_VERSIONS[type], contactId, ...payload }) as unknown as RelationshipEvent

/** A contact in New York on the US calendar. */
export const contact = (id: string, extra: Record<string, unknown> = {}): RelationshipEvent =>
  ev(id, 'ContactAdded', { name: `Name ${id}`, met: true, calendarSet: 'us', timeZone: 'America/New_York', ...extra })

export const enroll = (id: string, planId = 'client-for-life-33', startDate = '2026-01-01'): RelationshipEvent =>
  ev(id, 'PlanEnrolled', { enrollmentId: `${id}-${planId}`, planId, startDate })

export const complete = (id: string, touchKey: string, kind: string, channel: string, on: string, planId = 'client-for-life-33'): RelationshipEvent =>
  ev(id, 'TouchCompleted', { enrollmentId: `${id}-${planId}`, touchKey, kind, channel, on }, `${on}T16:00:00Z`)

/** An agenda in a line: its day, its items (key and status), its referral deadlines. */
export const summary = (a: Agenda): string =>
  [
    a.now.slice(0, 16),
    ...a.items.map((i) => `${i.contactId} ${i.touch.touchKey} ${i.status}`),
    ...a.referralDeadlines.map((d) => `${d.refereeId} contact by ${d.deadline.slice(0, 16)}${d.overdue ? ' overdue' : ''}`),
  ].join(' | ')
