/**
 * The pause guard: a tiny process forked beside every paused (SIGSTOPped) service. A frozen service
 * cannot notice that its supervisor died, so without a guard a SIGKILLed `faultline up` or runner
 * would leave it frozen forever. The guard holds an IPC channel to the supervisor; when the channel
 * closes (the supervisor died or let go) or the guard is told to stop, it thaws the service with
 * SIGCONT and exits. The thawed service then sees its own IPC channel gone and exits too.
 *
 * Usage (by ServiceProcess only): fork(pause-guard.js, [<pid of the paused service>]).
 */
const pid = Number(process.argv[2]);
if (!Number.isInteger(pid) || pid <= 0 || !process.send) {
  process.stderr.write('pause-guard: expects the pid of a paused service and an IPC channel\n');
  process.exit(2);
}

let done = false;
function thaw(): void {
  if (done) return;
  done = true;
  try {
    process.kill(pid, 'SIGCONT');
  } catch {
    // Already gone: nothing to thaw.
  }
  process.exit(0);
}

// The supervisor resumed the service itself: exit without touching it.
process.on('message', (message) => {
  if (message === 'release') {
    done = true;
    process.exit(0);
  }
});
process.on('disconnect', thaw);
process.on('SIGTERM', thaw);
process.on('SIGINT', thaw);
process.on('SIGHUP', thaw);
process.send('armed');
