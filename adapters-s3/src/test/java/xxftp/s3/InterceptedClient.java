package xxftp.s3;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The real client with a hook around every call of one method (the outermost overload a
 * caller used): to count, slow down or fail them as a slow or broken network would.
 */
public final class InterceptedClient {

    /** What happens instead of a call; {@code real} makes the call itself. */
    interface Around {
        Object call(int number, RealCall real) throws Throwable;
    }

    interface RealCall {
        Object proceed() throws Throwable;
    }

    private InterceptedClient() {}

    static S3Client around(S3Client real, String method, Around around) {
        AtomicInteger calls = new AtomicInteger();
        InvocationHandler handler = (proxy, called, args) -> {
            RealCall call = () -> {
                try {
                    return called.invoke(real, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            };
            return called.getName().equals(method) ? around.call(calls.incrementAndGet(), call) : call.proceed();
        };
        return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class}, handler);
    }

    /** A store that takes If-None-Match and overwrites anyway, as some S3-compatible ones do. */
    @SuppressWarnings("unchecked")
    public static S3Client overwriting(S3Client real) {
        InvocationHandler handler = (proxy, called, args) -> {
            try {
                if (called.getName().equals("putObject") && args.length == 2 && args[0] instanceof Consumer<?> consumer) {
                    PutObjectRequest.Builder request = PutObjectRequest.builder();
                    ((Consumer<PutObjectRequest.Builder>) consumer).accept(request);
                    return real.putObject(request.ifNoneMatch(null).build(), (RequestBody) args[1]);
                }
                return called.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class}, handler);
    }

    /** Calls made, calls at once, and the most seen at once; each call after a pause. */
    static final class InFlight {
        private final AtomicInteger calls = new AtomicInteger();
        private final AtomicInteger now = new AtomicInteger();
        private final AtomicInteger most = new AtomicInteger();

        Object during(RealCall call, long pauseMillis) throws Throwable {
            calls.incrementAndGet();
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                Thread.sleep(pauseMillis);
                return call.proceed();
            } finally {
                now.decrementAndGet();
            }
        }

        int calls() {
            return calls.get();
        }

        int now() {
            return now.get();
        }

        int most() {
            return most.get();
        }
    }
}
