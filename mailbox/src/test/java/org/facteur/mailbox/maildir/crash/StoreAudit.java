package org.facteur.mailbox.maildir.crash;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxInfo;
import org.facteur.mailbox.MessageRecord;
import org.facteur.mailbox.SystemFlag;
import org.facteur.mailbox.maildir.MaildirFileName;
import org.facteur.mailbox.maildir.MaildirStore;
import org.facteur.mailbox.maildir.crash.Ledger.Place;

/**
 * Opens a killed store once more (so recovery runs) and compares it with what the children
 * acknowledged and with the files: the list of everything that is wrong, empty when all is well.
 */
final class StoreAudit {

    private final Path dataDir;
    private final Ledger ledger;
    private final List<String> problems = new ArrayList<>();
    /** Every message found, by its crash id. */
    private final Map<Long, List<Found>> found = new HashMap<>();
    private int messages;

    private record Found(Place place, MessageRecord record) {
    }

    private StoreAudit(Path dataDir, Ledger ledger) {
        this.dataDir = dataDir;
        this.ledger = ledger;
    }

    /** The problems, and how many messages the store holds. */
    record Result(List<String> problems, int messages) {
    }

    static Result run(Path dataDir, Ledger ledger) {
        StoreAudit audit = new StoreAudit(dataDir, ledger);
        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            for (MailboxInfo box : store.mailboxes(CrashChild.USER)) {
                audit.checkMailbox(store, box);
            }
        }
        audit.checkAcknowledged();
        return new Result(List.copyOf(audit.problems), audit.messages);
    }

    private void checkMailbox(MailStore store, MailboxInfo box) {
        Long uidValidity = ledger.uidValidities().get(box.name());
        if (uidValidity != null && uidValidity != box.uidValidity()) {
            problems.add("UIDVALIDITY of " + box.name() + " is " + box.uidValidity() + ", was " + uidValidity);
        }
        List<MessageRecord> records = store.messages(box.id());
        long previous = 0;
        for (MessageRecord r : records) {
            if (r.uid() <= previous) {
                problems.add(box.name() + ": UID " + r.uid() + " listed after " + previous);
            }
            previous = r.uid();
            readMessage(store, box, r);
        }
        compareWithFiles(box.name(), records);
    }

    private void readMessage(MailStore store, MailboxInfo box, MessageRecord r) {
        messages++;
        Place place = new Place(box.name(), r.uid());
        byte[] bytes;
        try (InputStream in = store.content(box.id(), r.uid(), 0, r.size())) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Optional<Long> id = CrashMessages.idOf(bytes);
        if (id.isEmpty()) {
            problems.add(place + " is not a message of the test (" + bytes.length + " bytes)");
            return;
        }
        if (!Arrays.equals(bytes, CrashMessages.of(id.get()))) {
            problems.add(place + ": message " + id.get() + " is damaged (" + bytes.length + " bytes)");
        }
        Long owner = ledger.owner(place);
        if (owner != null && !owner.equals(id.get())) {
            problems.add(place + " holds message " + id.get() + " but was acknowledged for " + owner);
        }
        if (ledger.wasExpunged(id.get())) {
            problems.add("message " + id.get() + " was expunged but is back at " + place);
        }
        found.computeIfAbsent(id.get(), k -> new ArrayList<>()).add(new Found(place, r));
    }

    /** The index must list exactly the files of {@code cur/}; {@code tmp/} and {@code new/} must be empty. */
    private void compareWithFiles(String mailbox, List<MessageRecord> records) {
        Path folder = dataDir.resolve("mail").resolve("example.org").resolve("crash");
        if (!mailbox.equals(MailStore.INBOX)) {
            folder = folder.resolve("." + mailbox);
        }
        for (String sub : List.of("tmp", "new")) {
            List<Path> left = list(folder.resolve(sub));
            if (!left.isEmpty()) {
                problems.add(mailbox + ": " + left.size() + " files left in " + sub + "/, e.g. " + left.get(0));
            }
        }
        Map<Long, String> fileFlags = new TreeMap<>();
        for (Path file : list(folder.resolve("cur"))) {
            MaildirFileName name = MaildirFileName.parse(file.getFileName().toString());
            if (fileFlags.put(name.uid(), name.info()) != null || name.uid() == 0) {
                problems.add(mailbox + ": file without a UID of its own: " + file.getFileName());
            }
        }
        Map<Long, String> indexFlags = new TreeMap<>();
        for (MessageRecord r : records) {
            StringBuilder letters = new StringBuilder();
            for (SystemFlag f : SystemFlag.values()) {
                if (r.flags().has(f)) {
                    letters.append(f.maildirLetter());
                }
            }
            indexFlags.put(r.uid(), letters.toString());
        }
        if (!fileFlags.equals(indexFlags)) {
            problems.add(mailbox + ": the index (UID=flags) " + difference(indexFlags, fileFlags)
                    + " differs from the files in cur/ " + difference(fileFlags, indexFlags));
        }
    }

    private static Map<Long, String> difference(Map<Long, String> a, Map<Long, String> b) {
        Map<Long, String> d = new TreeMap<>(a);
        d.entrySet().removeIf(e -> e.getValue().equals(b.get(e.getKey())));
        return d;
    }

    private void checkAcknowledged() {
        found.forEach((id, copies) -> {
            if (copies.size() > 1) {
                problems.add("message " + id + " is there " + copies.size() + " times: "
                        + copies.stream().map(Found::place).toList());
            }
        });
        ledger.acknowledged().forEach((id, place) -> {
            List<Found> copies = found.getOrDefault(id, List.of());
            if (copies.isEmpty()) {
                if (!ledger.mayBeExpunged(id)) {
                    problems.add("acknowledged message " + id + " at " + place + " is lost");
                }
                return;
            }
            Found f = copies.get(0);
            Place from = ledger.movingFrom(id);
            boolean movedMeanwhile = from != null && f.place().mailbox().equals(CrashChild.OTHER);
            if (!f.place().equals(place) && !movedMeanwhile) {
                problems.add("message " + id + " acknowledged at " + place + " is at " + f.place());
            }
            if (ledger.wasFlagged(id) && !f.record().flags().has(SystemFlag.FLAGGED)) {
                problems.add("message " + id + " lost its acknowledged \\Flagged");
            }
        });
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
