package dev.duplex.peer;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tasks of one channel one after another, in the order they were given, on a shared
 * executor. This keeps the messages of a channel in order without a thread per channel.
 */
final class SerialExecutor implements Executor {

    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor delegate;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

    // True while a drain of the queue is scheduled or running, so at most one runs at a time.
    private final AtomicBoolean draining = new AtomicBoolean();

    SerialExecutor(Executor delegate) {
        this.delegate = delegate;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        schedule();
    }

    private void schedule() {
        if (!draining.compareAndSet(false, true)) {
            return;
        }

        try {
            delegate.execute(this::drain);
        } catch (RejectedExecutionException e) {
            draining.set(false);
            log.warn("The handler executor refused a task; {} queued tasks are dropped",
                    tasks.size());
            tasks.clear();
        }
    }

    private void drain() {
        try {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                runOne(task);
            }
        } finally {
            draining.set(false);
        }

        // A task added after the last poll but before the flag was cleared saw a drain in
        // progress and did not schedule one.
        if (!tasks.isEmpty()) {
            schedule();
        }
    }

    private static void runOne(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("A channel task failed", e);
        }
    }
}
