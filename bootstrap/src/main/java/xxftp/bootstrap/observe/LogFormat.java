package xxftp.bootstrap.observe;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import java.util.Iterator;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The log's format on the console: the readable lines of logback.xml, or one JSON object a line. */
public enum LogFormat {
    TEXT, JSON;

    /**
     * From here on the console log is in this format. JSON: logstash-logback-encoder's fields
     * ({@code @timestamp}, {@code level}, {@code logger_name}, {@code message}, ...) and the MDC's
     * ({@code session}, {@code remote}, {@code user}) as fields of their own.
     */
    public void apply() {
        if (this == TEXT || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Iterator<Appender<ILoggingEvent>> appenders = context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
        while (appenders.hasNext()) {
            if (appenders.next() instanceof ConsoleAppender<ILoggingEvent> console) {
                LogstashEncoder json = new LogstashEncoder();
                json.setContext(context);
                json.start();
                console.stop();
                console.setEncoder(json);
                console.start();
            }
        }
    }
}
