package org.facteur.imap.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** {@link ResultPositions} against the plain list it replaces: same positions, same remainder. */
class ResultPositionsTest {

    @Test
    void removalsAnswerThePositionInWhatIsLeft() {
        ResultPositions result = new ResultPositions(List.of(40L, 10L, 30L, 20L));
        assertThat(result.remove(10)).isEqualTo(2);
        assertThat(result.remove(10)).isZero();
        assertThat(result.remove(99)).isZero();
        assertThat(result.remove(20)).isEqualTo(3);
        assertThat(result.remove(40)).isEqualTo(1);
        assertThat(result.contains(30)).isTrue();
        assertThat(result.contains(40)).isFalse();
        assertThat(result.current()).containsExactly(30L);
        assertThat(result.remove(30)).isEqualTo(1);
        assertThat(result.current()).isEmpty();
    }

    @Test
    void anEmptyResultHoldsNothing() {
        ResultPositions result = new ResultPositions(List.of());
        assertThat(result.remove(1)).isZero();
        assertThat(result.current()).isEmpty();
    }

    @Test
    void agreesWithAListUnderRandomRemovals() {
        Random random = new Random(5267);
        for (int round = 0; round < 50; round++) {
            int n = random.nextInt(300);
            List<Long> model = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                model.add(1 + (long) i * 3 + random.nextInt(3)); // unique, with gaps
            }
            Collections.shuffle(model, random);
            ResultPositions result = new ResultPositions(model);
            model = new ArrayList<>(model);
            long highest = 3L * n + 3;
            for (int step = 0; step < n * 2; step++) {
                long uid = 1 + (long) random.nextInt((int) highest);
                int index = model.indexOf(uid);
                if (index >= 0) {
                    model.remove(index);
                }
                assertThat(result.remove(uid)).as("uid %d", uid).isEqualTo(index + 1);
            }
            assertThat(result.current()).isEqualTo(model);
        }
    }
}
