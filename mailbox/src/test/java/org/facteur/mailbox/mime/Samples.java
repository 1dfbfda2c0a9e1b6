package org.facteur.mailbox.mime;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Sample messages, written with LF here and stored with CRLF as SMTP delivers them. */
final class Samples {

    private Samples() {
    }

    static byte[] crlf(String lf) {
        return lf.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The octets {@code [from, to)} of a message, one char per octet. */
    static String slice(byte[] message, long from, long to) {
        return new String(message, (int) from, (int) (to - from), StandardCharsets.ISO_8859_1);
    }

    static String header(byte[] message, MimePart part) {
        return slice(message, part.headerStart(), part.bodyStart());
    }

    static String body(byte[] message, MimePart part) {
        return slice(message, part.bodyStart(), part.bodyEnd());
    }

    static final String SIMPLE = """
            Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)
            From: Fred Foobar <foobar@Blurdybloop.example>
            Subject: afternoon meeting
            To: mooch@owatagu.siam.edu.example
            Message-Id: <B27397-0100000@Blurdybloop.example>
            MIME-Version: 1.0
            Content-Type: TEXT/PLAIN; CHARSET=US-ASCII

            Hello Joe, do you think we can meet at 3:30 tomorrow?
            """;

    static final String ALTERNATIVE = """
            From: a@example.com
            Subject: alt
            Content-Type: multipart/alternative; boundary="b1"

            --b1
            Content-Type: text/plain; charset=utf-8

            plain text
            --b1
            Content-Type: text/html; charset=utf-8
            Content-Transfer-Encoding: quoted-printable

            <p>html</p>
            --b1--
            """;

    static final String MIXED = """
            From: a@example.com
            Subject: mixed
            Content-Type: multipart/mixed; boundary=XYZ

            --XYZ
            Content-Type: text/plain

            see attached
            --XYZ
            Content-Type: application/pdf; name="report.pdf"
            Content-Transfer-Encoding: base64
            Content-Disposition: attachment; filename="report.pdf"; size=12
            Content-ID: <pdf1@example.com>
            Content-Description: The report
            Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==
            Content-Language: en, fr
            Content-Location: http://example.com/report.pdf

            JVBERi0xLjQK
            AAAA
            --XYZ
            Content-Type: application/octet-stream
            Content-Disposition: attachment;
             filename*=utf-8''%E2%82%AC%20rates.txt
            Content-Transfer-Encoding: base64

            AAAA
            --XYZ--
            """;

    static final String NESTED = """
            From: a@example.com
            Content-Type: multipart/mixed; boundary="outer"

            --outer
            Content-Type: multipart/alternative; boundary="inner"

            --inner
            Content-Type: text/plain

            plain
            --inner
            Content-Type: text/html

            <b>html</b>
            --inner--
            --outer
            Content-Type: image/png
            Content-Transfer-Encoding: base64

            iVBORw0KGgo=
            --outer--
            """;

    static final String RFC822 = """
            From: a@example.com
            Subject: fwd
            Content-Type: multipart/mixed; boundary="m"

            --m
            Content-Type: text/plain

            forwarded below
            --m
            Content-Type: message/rfc822
            Content-Disposition: inline

            From: Inner Sender <inner@example.org>
            To: x@example.org
            Subject: inner subject
            Date: Tue, 1 Jan 2019 10:00:00 +0000
            Message-ID: <inner@example.org>
            Content-Type: multipart/alternative; boundary="i"

            --i
            Content-Type: text/plain

            inner plain
            line two
            --i
            Content-Type: text/html

            <p>inner</p>
            --i--
            --m--
            """;

    static final String DIGEST = """
            From: list@example.com
            Subject: digest
            Content-Type: multipart/digest; boundary="d"

            --d

            From: one@example.com
            Subject: first

            first body
            --d
            Content-Type: text/plain

            not a message
            --d--
            """;

    static final String PREAMBLE_EPILOGUE = """
            From: a@example.com
            Content-Type: multipart/mixed; boundary="p"

            This is the preamble.
            --p
            Content-Type: text/plain

            part one
            --p--
            This is the epilogue.
            """;

    static final String MISSING_FINAL_BOUNDARY = """
            From: a@example.com
            Content-Type: multipart/mixed; boundary="q"

            --q
            Content-Type: text/plain

            one
            --q
            Content-Type: text/plain

            two, and the file ends
            """;

    static final String HEADERS_ONLY = """
            From: a@example.com
            Subject: nothing else
            """;

    static final String ENCODED_WORDS = """
            From: =?UTF-8?Q?Andr=C3=A9_Pirard?= <pirard@example.be>
            To: =?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?= <keld@example.dk>, "Plain, Name" <plain@example.com>
            Subject: =?UTF-8?B?w6lsw6hiZQ==?= and =?ISO-8859-1?Q?caf=E9?=
            Content-Type: text/plain; charset=utf-8

            body
            """;

    static final String GROUPS = """
            From: Mary <mary@example.net>
            Sender: Secretary <sec@example.net>
            Reply-To: Lists: a@example.org, B <b@example.org>;, solo@example.org
            To: undisclosed-recipients:;
            Cc: not an address, <@route.example:routed@example.com>, broken@
            Subject: groups
            In-Reply-To: <parent@example.net> (comment)
            References: <root@example.net>
             <parent@example.net>

            body
            """;

    static List<String> all() {
        return List.of(SIMPLE, ALTERNATIVE, MIXED, NESTED, RFC822, DIGEST, PREAMBLE_EPILOGUE,
                MISSING_FINAL_BOUNDARY, HEADERS_ONLY, ENCODED_WORDS, GROUPS);
    }
}
