package org.hepml.engine;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Why a file could not be read or written, in words: Java's file exceptions often carry only the path as their message
 * ("Could not write X: X"), so the reason is taken from the exception's kind.
 */
public final class IoProblems {
    private IoProblems() {
    }

    /** The reason, e.g. "the folder /data/runs does not exist" or "permission denied on /data (not writable by this user)". */
    public static String why(IOException e) {
        String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason().strip() : null;
        String where = e instanceof FileSystemException f ? f.getFile() : null;
        if (e instanceof NoSuchFileException) return "no file or folder " + where + " (a folder on the way does not exist)";
        if (e instanceof AccessDeniedException) return "permission denied on " + where + " (not writable or readable by the kernel's user)";
        if (e instanceof NotDirectoryException) return where + " is a file, not a folder";
        if (e instanceof FileAlreadyExistsException) return where + " already exists and is not a folder";
        String message = reason != null ? (where != null ? where + ": " : "") + reason : e.getMessage();
        if (message == null || message.isBlank()) return e.getClass().getSimpleName();
        if (message.contains("No space left")) return "the disk is full (" + message + ")";
        return message;
    }
}
