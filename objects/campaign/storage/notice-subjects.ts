// Notices applied (notices.ts), by subject (the `notice_subjects` table): the newest
// notice applied about each, so a repeated or late notice is never applied again.
import type { SqlDatabase } from "../../shared/durable/sql";

export class NoticeSubjects {
  constructor(private readonly sql: SqlDatabase) {}

  /**
   * Records that notice `noticeId` about `subject` is being applied; false when it (or a
   * newer notice about the same subject) already was, and it must not be applied again.
   */
  claim(subject: string, noticeId: number, nowMs: number): boolean {
    return (
      this.sql.exec(
        `INSERT INTO notice_subjects (subject, notice_id, at_ms) VALUES (?, ?, ?)
         ON CONFLICT (subject) DO UPDATE SET notice_id = excluded.notice_id, at_ms = excluded.at_ms WHERE excluded.notice_id > notice_subjects.notice_id`,
        subject,
        noticeId,
        nowMs,
      ).rowsWritten > 0
    );
  }

  /** Forgets subjects not touched since `beforeMs` (their notices were marked delivered long ago). */
  prune(beforeMs: number): void {
    this.sql.exec("DELETE FROM notice_subjects WHERE at_ms < ?", beforeMs);
  }
}
