package org.facteur.smtp.reception;

import java.util.function.Supplier;

import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.api.TimeMetric;
import org.reactivestreams.Publisher;

/** James's handlers want metrics; we log instead (metrics-api ships no no-op factory). */
@SuppressWarnings("deprecation") // James still calls the deprecated LogP99 variants
final class NoopMetricFactory implements MetricFactory {

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
                return null;
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
