;;; iim-test-support.el --- Shared helpers of the iim ERT tests  -*- lexical-binding: t; -*-

;;; Commentary:

;; Loaded by test/support/emacs/*-tests.el: waits with deadlines (the
;; machine is loaded; never a fixed sleep), temporary directories.

;;; Code:

(require 'ert)
(require 'iim)

(defconst iim-test-root
  (expand-file-name "../../.." (file-name-directory (or load-file-name buffer-file-name)))
  "The checkout under test.")

(defun iim-test-wait-process (process &optional seconds)
  "Wait until PROCESS ends, at most SECONDS (60); fail the test otherwise."
  (let ((deadline (+ (float-time) (or seconds 60))))
    (while (and (process-live-p process) (< (float-time) deadline))
      (accept-process-output process 0.1))
    (should-not (process-live-p process))
    ;; the sentinel runs once the process is gone
    (while (and (buffer-live-p (process-buffer process))
                (not (buffer-local-value 'iim--ended (process-buffer process)))
                (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (process-buffer process)))

(defun iim-test-wait-until (predicate &optional seconds)
  "Wait until PREDICATE returns non-nil, at most SECONDS (60); return its value."
  (let ((deadline (+ (float-time) (or seconds 60))) value)
    (while (and (not (setq value (funcall predicate))) (< (float-time) deadline))
      (accept-process-output nil 0.1))
    (should value)
    value))

(defmacro iim-test-with-directory (name &rest body)
  "Run BODY with NAME bound to a new temporary directory, removed after."
  (declare (indent 1))
  `(let ((,name (file-name-as-directory (make-temp-file "iim-ert" t))))
     (unwind-protect (progn ,@body)
       (delete-directory ,name t))))

(defun iim-test-tinydns-dir (top)
  "Make an empty tinydns service directory under TOP and return it."
  (let ((dir (expand-file-name "tinydns" top)))
    (make-directory (expand-file-name "root" dir) t)
    (with-temp-file (expand-file-name "root/data" dir))
    dir))

(defun iim-test-buffer-text (buffer)
  "The text of BUFFER without properties."
  (with-current-buffer buffer (buffer-substring-no-properties (point-min) (point-max))))

(provide 'iim-test-support)
;;; iim-test-support.el ends here
