// The CampaignActor's SQLite storage, one part per meaning (storage/): the lead queue,
// preview offers, contact history, do-not-call copy, calls in flight, day counters, the
// chart, notices applied, the outbox to Postgres, the calls' alert feed, and the typed registry of single
// values. Built over `ctx.storage.sql` (or a test's SQLite); migrations run here once.
import type { SqlDatabase } from "../shared/durable/sql";
import { runSqliteMigrations } from "../shared/sqlite-migrations";
import { CallAlertFeed } from "./storage/call-alert-feed";
import { CallsInFlight } from "./storage/calls-in-flight";
import { CampaignMeta } from "./storage/campaign-meta";
import { openCampaignOutbox, type CampaignOutbox } from "./storage/campaign-outbox";
import { ChartPoints } from "./storage/chart-points";
import { ContactHistoryStore } from "./storage/contact-history";
import { DayCounters } from "./storage/day-counters";
import { DncList } from "./storage/dnc-list";
import { LeadQueue } from "./storage/lead-queue";
import { CAMPAIGN_MIGRATIONS } from "./storage/migrations";
import { NoticeSubjects } from "./storage/notice-subjects";
import { PreviewOffers } from "./storage/preview-offers";

export type { InFlightCall } from "./storage/calls-in-flight";
export type { DayCounts } from "./storage/day-counters";
export type { LeadState, StoredLead } from "./storage/lead-queue";
export type { HeldOffer } from "./storage/preview-offers";

export class CampaignStorage {
  readonly meta: CampaignMeta;
  readonly leads: LeadQueue;
  readonly offers: PreviewOffers;
  readonly history: ContactHistoryStore;
  readonly dnc: DncList;
  readonly calls: CallsInFlight;
  readonly days: DayCounters;
  readonly points: ChartPoints;
  readonly notices: NoticeSubjects;
  readonly outbox: CampaignOutbox;
  readonly callAlerts: CallAlertFeed;

  constructor(sql: SqlDatabase) {
    runSqliteMigrations(sql, CAMPAIGN_MIGRATIONS);
    this.meta = new CampaignMeta(sql);
    this.leads = new LeadQueue(sql);
    this.offers = new PreviewOffers(sql);
    this.history = new ContactHistoryStore(sql);
    this.dnc = new DncList(sql);
    this.calls = new CallsInFlight(sql);
    this.days = new DayCounters(sql);
    this.points = new ChartPoints(sql);
    this.notices = new NoticeSubjects(sql);
    this.outbox = openCampaignOutbox(sql);
    this.callAlerts = new CallAlertFeed(sql);
  }
}
