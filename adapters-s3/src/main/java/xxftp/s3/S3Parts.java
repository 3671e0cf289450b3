package xxftp.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import xxftp.domain.model.Failure;

/**
 * The parts of one multipart upload: those copied when it began, and those sent since, each
 * by an UploadPart on a virtual thread of its own, at most {@code parallelism} at once. A sent
 * part holds its buffer's share of the budget until its request has ended, however it ended.
 * The first failure is kept for the upload, which meets it at its next write or at commit and
 * then cancels the rest.
 */
final class S3Parts {

    private final S3Multipart multipart;
    private final S3Budget budget;
    private final Semaphore slots;
    private final List<Future<CompletedPart>> parts = new ArrayList<>();
    private final List<Thread> senders = new ArrayList<>();
    private volatile Failure failure;

    S3Parts(S3Multipart multipart, S3Budget budget, int parallelism) {
        this.multipart = multipart;
        this.budget = budget;
        this.slots = new Semaphore(parallelism);
    }

    int count() {
        return parts.size();
    }

    /** Parts already in place (UploadPartCopy), numbered from 1. */
    void addCopied(List<CompletedPart> copied) {
        for (CompletedPart part : copied) {
            FutureTask<CompletedPart> done = new FutureTask<>(() -> part);
            done.run();
            parts.add(done);
        }
    }

    /**
     * Sends the first {@code length} bytes as the next part, waiting while {@code parallelism}
     * parts are on their way; {@code held} of the budget goes back once the part's request ends.
     */
    void send(byte[] bytes, int length, long held) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            budget.give(held);
            Thread.currentThread().interrupt();
            throw new Failure.StorageUnavailable("interrupted while sending parts", e);
        }
        if (failure != null) {
            // a part failed while this one waited: the upload is lost, don't send more
            slots.release();
            budget.give(held);
            throw failure;
        }
        int number = parts.size() + 1;
        // never cancelled as a task (only its thread is interrupted), so the finally always runs
        FutureTask<CompletedPart> part = new FutureTask<>(() -> {
            try {
                return multipart.upload(number, S3Upload.body(bytes, length));
            } catch (RuntimeException e) {
                Failure failed = e instanceof Failure known ? known : new Failure.StorageUnavailable("upload part " + number, e);
                if (failure == null) {
                    failure = failed;
                }
                throw failed;
            } finally {
                budget.give(held);
                slots.release();
            }
        });
        parts.add(part);
        senders.add(Thread.ofVirtual().name("s3-part-" + number).start(part));
    }

    /** The failure of a part sent so far, if one failed. */
    Optional<Failure> failure() {
        return Optional.ofNullable(failure);
    }

    /** Every part in order, once each has been stored; or the first failure. */
    List<CompletedPart> awaitAll() {
        List<CompletedPart> stored = new ArrayList<>();
        for (Future<CompletedPart> part : parts) {
            try {
                stored.add(part.get());
            } catch (ExecutionException e) {
                throw failure().orElseGet(() -> new Failure.StorageUnavailable("upload part", e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Failure.StorageUnavailable("interrupted while waiting for parts", e);
            }
        }
        return stored;
    }

    /** Interrupts the parts on their way and waits until they have ended, so their budget is back. */
    void cancel() {
        senders.forEach(Thread::interrupt);
        boolean interrupted = false;
        for (Thread sender : senders) {
            while (sender.isAlive()) {
                try {
                    sender.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
