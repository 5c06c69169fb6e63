/**
 * The fold of feedback and ally reviews. Feedback about the team's own service is the
 * contact's latest response; feedback about an ally's service (`aboutContactId`) goes to
 * that ally, for its review. No free text is kept.
 */
import { feedbackMeasures } from '../../events/index.js'
import type { FeedbackRecord } from '../types.js'
import { draftOf, type Handlers } from './handler.js'

export const feedbackHandlers: Handlers<'FeedbackRecorded' | 'AllyReviewed'> = {
  FeedbackRecorded: (b, e) => {
    const record: FeedbackRecord = { at: e.at, ...feedbackMeasures(e) }
    const about = e.aboutContactId !== undefined && e.aboutContactId !== e.contactId ? e.aboutContactId : undefined
    // Read before writing: the ally this feedback is about, if it can still hold it.
    const ally = about === undefined ? undefined : b.contact(about)
    const f = b.group(draftOf(b, e), 'feedback')
    f.count += 1
    if (about === undefined) {
      f.latest = record
      return
    }
    if (ally === undefined || ally.erased) return
    const w = b.group(b.writeContact(about) as NonNullable<ReturnType<typeof b.writeContact>>, 'feedback')
    w.about = b.append(w.about, record)
  },
  AllyReviewed: (b, e) => {
    const f = b.group(draftOf(b, e), 'feedback')
    f.allyReviews = b.append(f.allyReviews, e.verdict === undefined ? { at: e.at } : { at: e.at, verdict: e.verdict })
  },
}
