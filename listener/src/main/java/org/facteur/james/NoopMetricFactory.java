package org.facteur.james;

import java.time.Duration;
import java.util.function.Supplier;

import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.api.TimeMetric;
import org.reactivestreams.Publisher;

/**
 * The metrics James Protocols' SMTP and POP3 handlers insist on, discarded: we log instead, and
 * metrics-api ships no factory that does nothing.
 */
@SuppressWarnings("deprecation") // James still calls the deprecated LogP99 variants
public final class NoopMetricFactory implements MetricFactory {

    private static final Metric METRIC = new Metric() {
        @Override
        public void increment() {
        }

        @Override
        public void decrement() {
        }

        @Override
        public void add(int value) {
        }

        @Override
        public void remove(int value) {
        }

        @Override
        public long getCount() {
            return 0;
        }
    };

    /** Not null: a caller may ask the result whether it exceeded its threshold. */
    private static final TimeMetric.ExecutionResult RESULT = new TimeMetric.ExecutionResult() {
        @Override
        public Duration elasped() {
            return Duration.ZERO;
        }

        @Override
        public TimeMetric.ExecutionResult logWhenExceedP99(Duration threshold) {
            return this;
        }
    };

    @Override
    public Metric generate(String name) {
        return METRIC;
    }

    @Override
    public TimeMetric timer(String name) {
        return new TimeMetric() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public ExecutionResult stopAndPublish() {
                return RESULT;
            }
        };
    }

    @Override
    public <T> T decorateSupplierWithTimerMetric(String name, Supplier<T> supplier) {
        return supplier.get();
    }

    @Override
    public <T> T decorateSupplierWithTimerMetricLogP99(String name, Supplier<T> supplier) {
        return supplier.get();
    }

    @Override
    public <T> Publisher<T> decoratePublisherWithTimerMetric(String name, Publisher<T> publisher) {
        return publisher;
    }

    @Override
    public <T> Publisher<T> decoratePublisherWithTimerMetricLogP99(String name, Publisher<T> publisher) {
        return publisher;
    }

    @Override
    public void runPublishingTimerMetric(String name, Runnable runnable) {
        runnable.run();
    }
}
