package org.facteur.smtp.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRecyclerTest {

    @TempDir
    Path dir;
    private Path tmp;
    private Path free;
    private FileRecycler recycler;

    @BeforeEach
    void setUp() throws IOException {
        tmp = Files.createDirectories(dir.resolve("tmp"));
        free = Files.createDirectories(dir.resolve("free"));
        recycler = new FileRecycler(free);
    }

    /** A removal a crash could still undo must not have its file overwritten by a new message. */
    @Test
    void aRemovedFileIsReusedOnlyAfterASyncThatBeganAfterTheRemoval() throws IOException {
        Path removed = write(dir.resolve("A.msg"), "old message");
        Object inode = inode(removed);
        long syncBefore = recycler.syncing(); // began before the removal
        recycler.recycle(removed);
        assertFalse(Files.exists(removed));
        recycler.synced(syncBefore);

        Path early = tmp.resolve("B.msg");
        FileRecycler.Reserved first = recycler.open(early);
        close(first.channel());
        assertEquals(early, first.file(), "a new file where asked");
        assertNotEquals(inode, inode(early), "reused before its removal was synced");

        recycler.synced(recycler.syncing());
        FileRecycler.Reserved second = recycler.open(tmp.resolve("C.msg"));
        try (FileChannel ch = second.channel()) {
            assertEquals(0, ch.position(), "written from its start");
            ch.write(ByteBuffer.wrap("new".getBytes(StandardCharsets.US_ASCII)));
            FileRecycler.endAtPosition(ch);
        }
        assertEquals(free.resolve("A.msg"), second.file(), "written where it waits, renamed into place later");
        assertEquals(inode, inode(second.file()));
        assertEquals("new", Files.readString(second.file()));
        assertEquals("[B.msg]", list(tmp), "nothing renamed into tmp/");
        FileRecycler.Reserved third = recycler.open(tmp.resolve("D.msg"));
        close(third.channel());
        assertEquals(tmp.resolve("D.msg"), third.file(), "a free file is taken once only");
    }

    /** Blocks are reused, not freed and allocated again; nothing of the old bytes stays. */
    @Test
    void aRecycledFileIsOverwrittenThenCutAtItsEnd() throws IOException {
        Path removed = write(dir.resolve("H.msg"), "a longer old message");
        recycler.recycle(removed);
        recycler.synced(recycler.syncing());
        FileRecycler.Reserved shorter = recycler.open(tmp.resolve("I.msg"));
        Path reused = shorter.file();
        try (FileChannel ch = shorter.channel()) {
            ch.write(ByteBuffer.wrap("short".getBytes(StandardCharsets.US_ASCII)));
            FileRecycler.endAtPosition(ch);
        }
        assertEquals("short", Files.readString(reused));
        Path longer = write(dir.resolve("J.msg"), "old");
        recycler.recycle(longer);
        recycler.synced(recycler.syncing());
        FileRecycler.Reserved reserved = recycler.open(tmp.resolve("K.msg"));
        Path grown = reserved.file();
        try (FileChannel ch = reserved.channel()) {
            ch.write(ByteBuffer.wrap("a longer new one".getBytes(StandardCharsets.US_ASCII)));
            FileRecycler.endAtPosition(ch);
        }
        assertEquals("a longer new one", Files.readString(grown));
    }

    @Test
    void aFileRemovedMeanwhileIsSkipped() throws IOException {
        recycler.recycle(dir.resolve("gone.msg"));
        recycler.synced(recycler.syncing());
        Path fresh = tmp.resolve("D.msg");
        close(recycler.open(fresh).channel());
        assertTrue(Files.exists(fresh));
    }

    @Test
    void aRecycledFileTakenByHandFromTmpGivesANewFile() throws IOException {
        recycler.recycle(write(dir.resolve("E.msg"), "x"));
        recycler.synced(recycler.syncing());
        try (var files = Files.list(free)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Path fresh = tmp.resolve("F.msg");
        close(recycler.open(fresh).channel());
        assertEquals(0, Files.size(fresh));
    }

    /** A free file keeps its blocks until reused: large ones would hold the disk. */
    @Test
    void largeFilesAreDeletedNotKept() throws IOException {
        Path large = dir.resolve("G.msg");
        Files.write(large, new byte[(int) FileRecycler.MAX_SIZE + 1]);
        recycler.recycle(large);
        assertFalse(Files.exists(large));
        assertEquals("[]", list(free));
    }

    private static Path write(Path p, String text) throws IOException {
        return Files.writeString(p, text);
    }

    private static Object inode(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
    }

    private static void close(FileChannel ch) throws IOException {
        ch.close();
    }

    private static String list(Path d) throws IOException {
        try (var files = Files.list(d)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList().toString();
        }
    }
}
