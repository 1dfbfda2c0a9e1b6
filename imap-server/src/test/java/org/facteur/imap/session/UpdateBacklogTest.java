package org.facteur.imap.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link UpdateBacklog}'s two bounds, the lone large change, and that draining makes room. */
class UpdateBacklogTest {

    @Test
    void overflowsPastTheCountAndThenTakesNothing() {
        UpdateBacklog<String> backlog = new UpdateBacklog<>(3, 1_000);
        backlog.offer("a", 10);
        backlog.offer("b", 10);
        backlog.offer("c", 10);
        assertThat(backlog.overflowed()).isFalse();
        backlog.offer("d", 10);
        assertThat(backlog.overflowed()).isTrue();
        assertThat(backlog.poll()).isNull();
        backlog.offer("e", 1);
        assertThat(backlog.poll()).isNull();
    }

    @Test
    void overflowsPastTheBytesBeforeTheCount() {
        UpdateBacklog<String> backlog = new UpdateBacklog<>(100, 1_000);
        backlog.offer("a", 600);
        assertThat(backlog.overflowed()).isFalse();
        backlog.offer("b", 600);
        assertThat(backlog.overflowed()).isTrue();
    }

    @Test
    void oneChangeAloneIsTakenHoweverLarge() {
        UpdateBacklog<String> backlog = new UpdateBacklog<>(100, 1_000);
        backlog.offer("whole mailbox", 50_000);
        assertThat(backlog.overflowed()).isFalse();
        assertThat(backlog.poll()).isEqualTo("whole mailbox");
        assertThat(backlog.poll()).isNull();
    }

    @Test
    void whatIsPolledNoLongerCounts() {
        UpdateBacklog<String> backlog = new UpdateBacklog<>(2, 1_000);
        for (int i = 0; i < 100; i++) {
            backlog.offer("x" + i, 400);
            backlog.offer("y" + i, 400);
            assertThat(backlog.poll()).isEqualTo("x" + i);
            assertThat(backlog.poll()).isEqualTo("y" + i);
        }
        assertThat(backlog.overflowed()).isFalse();
    }

    @Test
    void foldedChangesAddTheirBytesButNoItem() {
        // Strings of one letter fold into the newest waiting one of the same letter.
        UpdateBacklog<StringBuilder> backlog = new UpdateBacklog<>(2, 1_000, (waiting, next) -> {
            if (waiting.charAt(0) != next.charAt(0)) {
                return UpdateBacklog.APART;
            }
            waiting.append(next);
            return 100;
        });
        for (int i = 0; i < 9; i++) {
            backlog.offer(new StringBuilder("a"), 100);
        }
        backlog.offer(new StringBuilder("b"), 50);
        assertThat(backlog.overflowed()).isFalse();
        assertThat(backlog.poll()).hasToString("aaaaaaaaa");
        backlog.offer(new StringBuilder("a"), 100);
        backlog.offer(new StringBuilder("b"), 100);
        assertThat(backlog.overflowed()).as("three apart, past two").isTrue();

        UpdateBacklog<StringBuilder> bytes = new UpdateBacklog<>(100, 1_000, (waiting, next) -> 300);
        bytes.offer(new StringBuilder("a"), 300);
        bytes.offer(new StringBuilder("a"), 300);
        bytes.offer(new StringBuilder("a"), 300);
        assertThat(bytes.overflowed()).isFalse();
        bytes.offer(new StringBuilder("a"), 300);
        assertThat(bytes.overflowed()).as("a folded run that outgrows the bytes, though it is one item").isTrue();
    }
}
