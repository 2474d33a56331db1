import { onBeforeUnmount, ref, shallowRef } from 'vue';
import { isFinished } from '../../../common/labApiMethods.ts';
import type {
  LabApi,
  LabError,
  RunDetail,
  RunEvent,
  RunLogLine,
  RunMetrics,
  RunProgress,
  RunStatus,
  Sample,
  TimelineEvent,
  Unsubscribe,
} from '../../../preload/api.ts';

export type LiveRunStatus = RunStatus | 'idle' | 'starting';

// Samples can arrive hundreds of times a second; charts and the log are redrawn at most this
// often so the page stays responsive.
const publishIntervalMs = 250;

/**
 * The state of one run as the lab page shows it: started here or re-attached after a reload,
 * streamed while it goes, and replaced by the recorded run once it ends so nothing missed while
 * subscribing is lost.
 */
export function useLiveRun(api: LabApi) {
  const runId = ref<string | null>(null);
  const status = ref<LiveRunStatus>('idle');
  const progress = ref<RunProgress | null>(null);
  const error = ref<LabError | null>(null);
  const samples = shallowRef<readonly Sample[]>([]);
  const metrics = shallowRef<RunMetrics | null>(null);
  const logLines = shallowRef<readonly RunLogLine[]>([]);
  const timeline = shallowRef<readonly TimelineEvent[]>([]);

  let pendingSamples: Sample[] = [];
  let pendingLog: RunLogLine[] = [];
  let pendingTimeline: TimelineEvent[] = [];
  let publishTimer: ReturnType<typeof setTimeout> | null = null;
  let unsubscribe: Unsubscribe | null = null;
  // Bumped on every start or attach so late answers about an older run are ignored.
  let generation = 0;

  function publish(): void {
    publishTimer = null;
    samples.value = pendingSamples.slice();
    logLines.value = pendingLog.slice();
    timeline.value = pendingTimeline.slice();
  }

  function schedulePublish(): void {
    publishTimer ??= setTimeout(publish, publishIntervalMs);
  }

  function stopWatching(): void {
    unsubscribe?.();
    unsubscribe = null;
  }

  function clear(): void {
    stopWatching();
    if (publishTimer !== null) clearTimeout(publishTimer);
    publishTimer = null;
    pendingSamples = [];
    pendingLog = [];
    pendingTimeline = [];
    runId.value = null;
    progress.value = null;
    error.value = null;
    metrics.value = null;
    publish();
  }

  function loadRecorded(detail: RunDetail): void {
    pendingSamples = [...detail.samples];
    pendingLog = [...detail.log];
    pendingTimeline = [...detail.timeline];
    metrics.value = detail.metrics;
    status.value = detail.status;
    error.value = detail.error;
    if (isFinished(detail.status)) progress.value = { fraction: 1, phase: progress.value?.phase ?? '' };
    publish();
  }

  async function finish(finishedRunId: string, runGeneration: number): Promise<void> {
    stopWatching();
    const recorded = await api.getRun(finishedRunId);
    if (runGeneration !== generation) return;
    if (recorded.ok) loadRecorded(recorded.value);
    else publish();
  }

  function handleEvent(event: RunEvent, runGeneration: number): void {
    if (runGeneration !== generation || event.runId !== runId.value) return;
    switch (event.kind) {
      case 'status':
        status.value = event.status;
        if (event.error !== undefined) error.value = event.error;
        if (isFinished(event.status)) void finish(event.runId, runGeneration);
        break;
      case 'progress':
        progress.value = event.progress;
        break;
      case 'sample':
        pendingSamples.push(event.sample);
        schedulePublish();
        break;
      case 'log':
        pendingLog.push(event.line);
        schedulePublish();
        break;
      case 'timeline':
        pendingTimeline.push(event.event);
        schedulePublish();
        break;
      case 'metrics':
        metrics.value = event.metrics;
        schedulePublish();
        break;
    }
  }

  /** Follows a run that already exists (just started, or found again after a reload). */
  async function attach(existingRunId: string): Promise<void> {
    clear();
    const runGeneration = ++generation;
    runId.value = existingRunId;
    status.value = 'pending';
    const watched = await api.watchRun(existingRunId, (event) => handleEvent(event, runGeneration));
    if (runGeneration !== generation) {
      if (watched.ok) watched.value();
      return;
    }
    if (watched.ok) unsubscribe = watched.value;
    // The run may have progressed, or even ended, before the watch was in place.
    const recorded = await api.getRun(existingRunId);
    if (runGeneration !== generation) return;
    if (!recorded.ok) {
      if (!watched.ok) {
        error.value = watched.error;
        status.value = 'idle';
      }
      return;
    }
    if (isFinished(recorded.value.status)) {
      stopWatching();
      loadRecorded(recorded.value);
    } else {
      if (status.value === 'pending') status.value = recorded.value.status;
      if (pendingSamples.length === 0) {
        pendingSamples = [...recorded.value.samples];
        pendingLog = [...recorded.value.log];
        pendingTimeline = [...recorded.value.timeline];
        metrics.value ??= recorded.value.metrics;
        publish();
      }
    }
  }

  /** Starts a run; answers the new run's id, or null when the core refused (shown in `error`). */
  async function start(labId: string, scenarioText: string, studentId?: string): Promise<string | null> {
    clear();
    const runGeneration = ++generation;
    status.value = 'starting';
    const started = await api.startRun(studentId === undefined ? { labId, scenarioText } : { labId, scenarioText, studentId });
    if (runGeneration !== generation) return null;
    if (!started.ok) {
      status.value = 'idle';
      error.value = started.error;
      return null;
    }
    await attach(started.value.runId);
    return started.value.runId;
  }

  async function cancel(): Promise<void> {
    if (runId.value === null) return;
    const cancelled = await api.cancelRun(runId.value);
    if (!cancelled.ok) error.value = cancelled.error;
  }

  onBeforeUnmount(() => {
    // Leaving the page stops watching; the run itself carries on in the core.
    generation += 1;
    stopWatching();
    if (publishTimer !== null) clearTimeout(publishTimer);
  });

  return { runId, status, progress, error, samples, metrics, logLines, timeline, start, attach, cancel };
}
