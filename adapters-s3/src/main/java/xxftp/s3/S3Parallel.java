package xxftp.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import xxftp.domain.model.Failure;

/**
 * Requests in parallel, bounded so that a folder of 100,000 files or a copy of 1,000 ranges
 * can't flood the store or the client's connection pool: one virtual thread per task, at most
 * {@code parallelism} running at once.
 */
final class S3Parallel {

    private S3Parallel() {}

    /** What a run did: the results of the tasks that succeeded, in the items' order, and the first failure. */
    record Outcome<R>(List<R> succeeded, Optional<Failure> failure) {

        /** Every result, or the failure. */
        List<R> orThrow() {
            failure.ifPresent(first -> {
                throw first;
            });
            return succeeded;
        }
    }

    /** Runs the task for every item and waits for all of them, whether some fail or not. */
    static <T, R> Outcome<R> run(List<T> items, int parallelism, Function<T, R> task) {
        Semaphore slots = new Semaphore(parallelism);
        List<Future<R>> running = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (T item : items) {
                slots.acquireUninterruptibly();
                running.add(threads.submit(() -> {
                    try {
                        return task.apply(item);
                    } finally {
                        slots.release();
                    }
                }));
            }
        }
        // every task has ended here: close() waited for them (and cancelled them if interrupted)
        List<R> succeeded = new ArrayList<>();
        Failure first = null;
        for (Future<R> each : running) {
            if (each.state() == Future.State.SUCCESS) {
                succeeded.add(each.resultNow());
            } else if (first == null) {
                Throwable cause = each.state() == Future.State.FAILED ? each.exceptionNow() : null;
                first = cause instanceof Failure failure ? failure : new Failure.StorageUnavailable("parallel request", cause);
            }
        }
        return new Outcome<>(succeeded, Optional.ofNullable(first));
    }
}
