"""Lists a user's Maildir++ folders as Python's standard library sees them.

Usage: python3 list_maildir.py <user directory>

Prints one line per folder ("folder<TAB>name", INBOX for the top level) and one per message
("message<TAB>folder<TAB>flags<TAB>mtime<TAB>sha256"), flags sorted, mtime in whole seconds.
Only the standard library, so that the test proves other tools read our Maildir.
"""
import hashlib
import mailbox
import sys


def describe(name, folder):
    print("folder", name, sep="\t")
    for key in folder.keys():
        message = folder.get_message(key)
        digest = hashlib.sha256(folder.get_bytes(key)).hexdigest()
        flags = "".join(sorted(message.get_flags()))
        print("message", name, flags, int(message.get_date()), digest, sep="\t")


def main():
    root = mailbox.Maildir(sys.argv[1], factory=None, create=False)
    describe("INBOX", root)
    for name in root.list_folders():
        describe(name, root.get_folder(name))


if __name__ == "__main__":
    main()
