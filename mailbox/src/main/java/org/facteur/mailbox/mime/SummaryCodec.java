package org.facteur.mailbox.mime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of a {@link MessageSummary} (format described in the package documentation).
 * Numbers are unsigned LEB128 varints; strings go through {@link StringTable}, which writes the
 * usual MIME tokens as one byte and a repeated string as a back-reference.
 */
final class SummaryCodec {

    static final int VERSION = 1;
    /** Deeper than any tree the parser builds: protects decode() from a corrupt blob. */
    private static final int MAX_DECODE_DEPTH = 2 * StructureScanner.MAX_DEPTH + 4;

    private SummaryCodec() {
    }

    static byte[] encode(MessageSummary summary) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream data = new DataOutputStream(bytes)) {
            Writer out = new Writer(data);
            data.writeByte(VERSION);
            out.number(summary.size());
            out.number(summary.lines());
            out.envelope(summary.envelope());
            out.search(summary.search());
            out.part(summary.root());
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    static MessageSummary decode(byte[] encoded) {
        try (DataInputStream data = new DataInputStream(new ByteArrayInputStream(encoded))) {
            int version = data.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown message summary format version " + version);
            }
            Reader in = new Reader(data);
            long size = in.number();
            long lines = in.number();
            Envelope envelope = in.envelope();
            SearchFields search = in.search();
            MimePart root = in.part(0);
            if (data.read() != -1) {
                throw new IllegalArgumentException("trailing bytes after message summary");
            }
            return new MessageSummary(size, lines, envelope, root, search);
        } catch (IOException | RuntimeException corrupt) {
            if (corrupt instanceof IllegalArgumentException known) {
                throw known;
            }
            throw new IllegalArgumentException("corrupt message summary", corrupt);
        }
    }

    /** Part kinds: a leaf, a message/rfc822 with its message, or a multipart with n children (n + 1). */
    private static final int LEAF = 0;
    private static final int MESSAGE = 1;

    private static final class Writer {
        private final DataOutputStream data;
        private final StringTable.Encoder strings = new StringTable.Encoder();

        Writer(DataOutputStream data) {
            this.data = data;
        }

        void number(long value) throws IOException {
            if (value < 0) {
                throw new IllegalArgumentException("negative number in summary: " + value);
            }
            long v = value;
            while ((v & ~0x7FL) != 0) {
                data.writeByte((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            data.writeByte((int) v);
        }

        void string(String s) throws IOException {
            strings.write(s, this::number, data);
        }

        void strings(List<String> list) throws IOException {
            number(list.size());
            for (String s : list) {
                string(s);
            }
        }

        void envelope(Envelope envelope) throws IOException {
            string(envelope.date());
            string(envelope.subject());
            addresses(envelope.from());
            addresses(envelope.sender());
            addresses(envelope.replyTo());
            addresses(envelope.to());
            addresses(envelope.cc());
            addresses(envelope.bcc());
            string(envelope.inReplyTo());
            string(envelope.messageId());
        }

        void addresses(List<Address> addresses) throws IOException {
            number(addresses.size());
            for (Address a : addresses) {
                string(a.personalName());
                string(a.atDomainList());
                string(a.mailbox());
                string(a.host());
            }
        }

        void search(SearchFields search) throws IOException {
            mailAddresses(search.from());
            mailAddresses(search.to());
            mailAddresses(search.cc());
            mailAddresses(search.bcc());
            string(search.subject());
            instant(search.date());
            string(search.messageId());
            strings(search.inReplyTo());
            strings(search.references());
        }

        void mailAddresses(List<MailAddress> addresses) throws IOException {
            number(addresses.size());
            for (MailAddress a : addresses) {
                string(a.displayName());
                string(a.address());
            }
        }

        /** 0 for null, else zigzag seconds + 1, then nanoseconds. */
        void instant(Instant instant) throws IOException {
            if (instant == null) {
                number(0);
                return;
            }
            long seconds = instant.getEpochSecond();
            number(((seconds << 1) ^ (seconds >> 63)) + 1);
            number(instant.getNano());
        }

        void part(MimePart part) throws IOException {
            ContentFields c = part.content();
            string(c.type());
            string(c.subtype());
            parameters(c.parameters());
            string(c.id());
            string(c.description());
            string(c.encoding());
            string(c.md5());
            if (c.disposition() == null) {
                string(null);
            } else {
                string(c.disposition().type());
                parameters(c.disposition().parameters());
            }
            strings(c.languages());
            string(c.location());
            number(part.headerStart());
            number(part.bodyStart() - part.headerStart());
            number(part.bodyEnd() - part.bodyStart());
            number(part.bodyLines());
            if (part.embedded() != null) {
                number(MESSAGE);
                envelope(part.embedded().envelope());
                part(part.embedded().root());
            } else if (!part.children().isEmpty()) {
                number(part.children().size() + 1L);
                for (MimePart child : part.children()) {
                    part(child);
                }
            } else {
                number(LEAF);
            }
        }

        void parameters(List<Parameter> parameters) throws IOException {
            number(parameters.size());
            for (Parameter p : parameters) {
                string(p.name());
                string(p.value());
            }
        }
    }

    private static final class Reader {
        private final DataInputStream data;
        private final StringTable.Decoder strings = new StringTable.Decoder();

        Reader(DataInputStream data) {
            this.data = data;
        }

        long number() throws IOException {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = data.readUnsignedByte();
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("varint too long");
        }

        int count() throws IOException {
            long n = number();
            if (n > data.available()) {
                throw new IllegalArgumentException("count larger than the data: " + n);
            }
            return (int) n;
        }

        String string() throws IOException {
            return strings.read(this::number, data);
        }

        String required() throws IOException {
            String s = string();
            if (s == null) {
                throw new IllegalArgumentException("missing required string");
            }
            return s;
        }

        List<String> strings() throws IOException {
            int n = count();
            List<String> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(required());
            }
            return list;
        }

        Envelope envelope() throws IOException {
            return new Envelope(string(), string(), addresses(), addresses(), addresses(), addresses(),
                    addresses(), addresses(), string(), string());
        }

        List<Address> addresses() throws IOException {
            int n = count();
            List<Address> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(new Address(string(), string(), string(), string()));
            }
            return list;
        }

        SearchFields search() throws IOException {
            return new SearchFields(mailAddresses(), mailAddresses(), mailAddresses(), mailAddresses(),
                    string(), instant(), string(), strings(), strings());
        }

        List<MailAddress> mailAddresses() throws IOException {
            int n = count();
            List<MailAddress> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(new MailAddress(string(), string()));
            }
            return list;
        }

        Instant instant() throws IOException {
            long tagged = number();
            if (tagged == 0) {
                return null;
            }
            long zigzag = tagged - 1;
            long seconds = (zigzag >>> 1) ^ -(zigzag & 1);
            return Instant.ofEpochSecond(seconds, number());
        }

        MimePart part(int depth) throws IOException {
            if (depth > MAX_DECODE_DEPTH) {
                throw new IllegalArgumentException("part tree too deep");
            }
            String type = required();
            String subtype = required();
            List<Parameter> parameters = parameters();
            String id = string();
            String description = string();
            String encoding = required();
            String md5 = string();
            String dispositionType = string();
            Disposition disposition = dispositionType == null ? null : new Disposition(dispositionType, parameters());
            List<String> languages = strings();
            String location = string();
            ContentFields content = new ContentFields(type, subtype, parameters, id, description, encoding, md5,
                    disposition, languages, location);
            long headerStart = number();
            long bodyStart = headerStart + number();
            long bodyEnd = bodyStart + number();
            long bodyLines = number();
            long kind = number();
            List<MimePart> children = List.of();
            EmbeddedMessage embedded = null;
            if (kind == MESSAGE) {
                Envelope envelope = envelope();
                embedded = new EmbeddedMessage(envelope, part(depth + 1));
            } else if (kind > MESSAGE) {
                if (kind - 1 > data.available()) {
                    throw new IllegalArgumentException("child count larger than the data");
                }
                List<MimePart> list = new ArrayList<>((int) (kind - 1));
                for (long i = 0; i < kind - 1; i++) {
                    list.add(part(depth + 1));
                }
                children = list;
            }
            return new MimePart(content, headerStart, bodyStart, bodyEnd, bodyLines, children, embedded);
        }

        List<Parameter> parameters() throws IOException {
            int n = count();
            List<Parameter> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(new Parameter(required(), required()));
            }
            return list;
        }
    }
}
