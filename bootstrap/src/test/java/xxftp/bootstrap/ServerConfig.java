package xxftp.bootstrap;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Overrides the test server's settings for one test method or a whole class. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface ServerConfig {

    int maxConnections() default 20;

    int idleTimeoutSeconds() default 30;

    /** FTPS with the test certificate (ftps-cert.pem, for 127.0.0.1), explicit and implicit. */
    boolean tls() default false;

    /** With {@link #tls()}: USER/PASS only after AUTH TLS. */
    boolean tlsRequired() default false;

    /** With {@link #tls()}: protected data connections must resume the control session. */
    boolean tlsSessionReuse() default true;

    /** Listen on {@code ::} (IPv6 and, dual-stack, IPv4) instead of 127.0.0.1. */
    boolean ipv6() default false;

    /** The address announced in PASV replies (--public-address); empty: the one the client used. */
    String publicAddress() default "";

    /** Passive ports as LOW-HIGH; empty: any. */
    String passivePorts() default "";

    /** With {@link #tls()}: offer TLS 1.3 too. */
    boolean tls13() default true;

    /** Failed logins that ban an address (127.0.0.1 is exempt in tests). */
    int banFailures() default 10;

    int banTimeSeconds() default 900;

    /** 0: no limit (the tests' default, production's is 32). */
    int maxConnectionsPerIp() default 0;

    int maxSessionsPerUser() default 0;

    int loginTimeoutSeconds() default 30;

    /** How long a data connection is waited for. */
    int dataTimeoutSeconds() default 10;

    /** A transfer log (--xferlog) in a temporary folder: {@link TestServer#xferlog()}. */
    boolean xferlog() default false;

    /** /metrics, /healthz and /readyz on a loopback port (--metrics-listen): {@link TestServer#metricsUrl}. */
    boolean metrics() default false;

    /** --hook-command settings, EVENT=COMMAND. */
    String[] hookCommands() default {};

    /** --hook-url settings, EVENT=URL. */
    String[] hookUrls() default {};

    /** --hook-secret. */
    String hookSecret() default "";
}
