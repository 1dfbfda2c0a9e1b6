package org.facteur.imap.protocol;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;

/** An unpooled allocator remembering every buffer it hands out, so a test can see which were never released. */
final class RecordingAllocator extends AbstractByteBufAllocator {

    private final List<ByteBuf> allocated = new CopyOnWriteArrayList<>();

    RecordingAllocator() {
        super(false);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return record(new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity));
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return record(new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity));
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    private ByteBuf record(ByteBuf buf) {
        allocated.add(buf);
        return buf;
    }

    int allocatedCount() {
        return allocated.size();
    }

    /** Buffers still referenced: what Netty's leak detector would report once they are collected. */
    List<ByteBuf> unreleased() {
        return allocated.stream().filter(b -> b.refCnt() > 0).collect(Collectors.toList());
    }
}
