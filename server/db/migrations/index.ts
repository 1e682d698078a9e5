/**
 * Every migration, in order. A migration is never edited once it has landed on main: add a new one.
 * SQL lives in TypeScript modules so the compiled server carries it without copying files.
 */
import { foundation } from './0001_foundation';
import { intake } from './0002_intake';
import { dialogue } from './0003_dialogue';
import { deadlines } from './0004_deadlines';
import { admin } from './0005_admin';
import { dialogueAttachments } from './0007_dialogue_attachments';
import { oversight } from './0006_oversight';
import { outboxScope } from './0008_outbox_scope';
import { storageOwner } from './0009_storage_owner';
import { placeGrid } from './0010_place_grid';
import { outboxListing } from './0011_outbox_listing';
import { calendarShift } from './0012_calendar_shift';
import { calendarLaw } from './0013_calendar_law';
import { clockLaw } from './0014_clock_law';
import { guessThrottle } from './0015_guess_throttle';
import { deviceReceipts } from './0016_device_receipts';
import { resumableUploads } from './0017_resumable_uploads';
import { channels } from './0020_channels';
import { socketIoAttachments } from './0021_socket_io_attachments';
import { pauseWindows } from './0022_pause_windows';
import { oversightTallies } from './0024_oversight_tallies';
import { auditChain } from './0025_audit_chain';
import { openData } from './0026_open_data';
import { spokenHelp } from './0027_spoken_help';
import { custodian } from './0028_custodian';
import { sealedIdentities } from './0029_sealed_identities';
import { habeasData } from './0030_habeas_data';
import { learning } from './0031_learning';
import { languages } from './0032_languages';
import { figuresInSets } from './0033_figures_in_sets';
import { sealedRedactedAccounts } from './0034_sealed_redacted_accounts';
import { fileCase } from './0036_file_case';
import { equityIndex } from './0045_equity_index';
import { oversightList } from './0037_oversight_list';
import { reprisalReportRekey } from './0039_reprisal_report_rekey';
import { effectiveness } from './0040_effectiveness';
import { overdueTallies } from './0043_overdue_tallies';
import { sealedEventSets } from './0044_sealed_event_sets';
import { sweepBatch } from './0046_sweep_batch';
import { exportIndex } from './0047_export_index';
import { effectivenessTallies } from './0048_effectiveness_tallies';
import { exportCategories } from './0049_export_categories';
import { exportIndexCategories } from './0050_export_index_categories';
import { messageNoticesPending } from './0051_message_notices_pending';
import { sweepRows } from './0052_sweep_rows';
import { filedTallies } from './0053_filed_tallies';
import { filingWithoutCascades } from './0058_filing_without_cascades';
import { filingBatches } from './0066_filing_batches';
import { setBasedFiling } from './0070_set_based_filing';
import { sweepFiledTallies } from './0073_sweep_filed_tallies';
import { filedTallyChanges } from './0080_filed_tally_changes';
import { hotEscalations } from './0087_hot_escalations';
import { exportFigures } from './0088_export_figures';
import { deadlineIndexes } from './0089_deadline_indexes';
import { filingIndexes } from './0092_filing_indexes';
import { businessDaysStrict } from './0093_business_days_strict';
import { scorecardTallies } from './0095_scorecard_tallies';
import { levelOnlyFigures } from './0096_level_only_figures';
import { filingFiguresInSets } from './0102_filing_figures_in_sets';
import { filedTalliesGrouped } from './0103_filed_tallies_grouped';
import { sealedSetsOnePass } from './0104_sealed_sets_one_pass';

/** A named, versioned schema change. */
export interface Migration {
  version: string;
  sql: string;
}

/** All migrations, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  { version: '0001_foundation', sql: foundation },
  { version: '0002_intake', sql: intake },
  { version: '0003_dialogue', sql: dialogue },
  { version: '0004_deadlines', sql: deadlines },
  { version: '0005_admin', sql: admin },
  { version: '0006_oversight', sql: oversight },
  { version: '0007_dialogue_attachments', sql: dialogueAttachments },
  { version: '0008_outbox_scope', sql: outboxScope },
  { version: '0009_storage_owner', sql: storageOwner },
  { version: '0010_place_grid', sql: placeGrid },
  { version: '0011_outbox_listing', sql: outboxListing },
  { version: '0012_calendar_shift', sql: calendarShift },
  { version: '0013_calendar_law', sql: calendarLaw },
  { version: '0014_clock_law', sql: clockLaw },
  { version: '0015_guess_throttle', sql: guessThrottle },
  { version: '0016_device_receipts', sql: deviceReceipts },
  { version: '0017_resumable_uploads', sql: resumableUploads },
  { version: '0020_channels', sql: channels },
  { version: '0021_socket_io_attachments', sql: socketIoAttachments },
  { version: '0022_pause_windows', sql: pauseWindows },
  { version: '0024_oversight_tallies', sql: oversightTallies },
  { version: '0025_audit_chain', sql: auditChain },
  { version: '0026_open_data', sql: openData },
  { version: '0027_spoken_help', sql: spokenHelp },
  { version: '0028_custodian', sql: custodian },
  { version: '0029_sealed_identities', sql: sealedIdentities },
  { version: '0030_habeas_data', sql: habeasData },
  { version: '0031_learning', sql: learning },
  { version: '0032_languages', sql: languages },
  { version: '0033_figures_in_sets', sql: figuresInSets },
  { version: '0034_sealed_redacted_accounts', sql: sealedRedactedAccounts },
  { version: '0036_file_case', sql: fileCase },
  { version: '0037_oversight_list', sql: oversightList },
  { version: '0039_reprisal_report_rekey', sql: reprisalReportRekey },
  { version: '0040_effectiveness', sql: effectiveness },
  { version: '0043_overdue_tallies', sql: overdueTallies },
  { version: '0044_sealed_event_sets', sql: sealedEventSets },
  { version: '0045_equity_index', sql: equityIndex },
  { version: '0046_sweep_batch', sql: sweepBatch },
  { version: '0047_export_index', sql: exportIndex },
  { version: '0048_effectiveness_tallies', sql: effectivenessTallies },
  { version: '0049_export_categories', sql: exportCategories },
  { version: '0050_export_index_categories', sql: exportIndexCategories },
  { version: '0051_message_notices_pending', sql: messageNoticesPending },
  { version: '0052_sweep_rows', sql: sweepRows },
  { version: '0053_filed_tallies', sql: filedTallies },
  { version: '0058_filing_without_cascades', sql: filingWithoutCascades },
  { version: '0066_filing_batches', sql: filingBatches },
  { version: '0070_set_based_filing', sql: setBasedFiling },
  { version: '0073_sweep_filed_tallies', sql: sweepFiledTallies },
  { version: '0080_filed_tally_changes', sql: filedTallyChanges },
  { version: '0087_hot_escalations', sql: hotEscalations },
  { version: '0088_export_figures', sql: exportFigures },
  { version: '0089_deadline_indexes', sql: deadlineIndexes },
  { version: '0092_filing_indexes', sql: filingIndexes },
  { version: '0093_business_days_strict', sql: businessDaysStrict },
  { version: '0095_scorecard_tallies', sql: scorecardTallies },
  { version: '0096_level_only_figures', sql: levelOnlyFigures },
  { version: '0102_filing_figures_in_sets', sql: filingFiguresInSets },
  { version: '0103_filed_tallies_grouped', sql: filedTalliesGrouped },
  { version: '0104_sealed_sets_one_pass', sql: sealedSetsOnePass },
];
