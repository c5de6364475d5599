;;; iim-safety-tests.el --- Panels nobody vetted run nothing unasked  -*- lexical-binding: t; -*-

;;; Commentary:

;; An org file from outside (a downloaded Panel.org, with whatever files
;; beside it) opened with `iim-panel-mode' on: no key runs a program the
;; user was not asked about, and nothing of ours weakens org's own
;; questions or makes a file-local variable safe.

;;; Code:

(require 'iim-test-support)
(require 'iim-panel)
(require 'cl-lib)

(defmacro iim-safety-tests-with-panel (files text &rest body)
  "Visit Panel.org holding TEXT beside FILES ((NAME CONTENT MODE)...), run BODY.
The temporary directory is `top' in BODY; `questions' collects what
`iim-link-confirm-function' was asked (it answers no)."
  (declare (indent 2))
  `(iim-test-with-directory top
     (dolist (spec ,files)
       (let ((path (expand-file-name (car spec) top)))
         (with-temp-file path (insert (format (cadr spec) top)))
         (when (nth 2 spec) (set-file-modes path (nth 2 spec)))))
     (let* ((questions '())
            (iim-link-confirm-function (lambda (q) (push q questions) nil))
            (file (expand-file-name "Panel.org" top))
            (enable-local-variables :safe))
       (ignore questions)
       (with-temp-file file (insert (format ,text top)))
       (when (get-buffer iim-buffer-name) (kill-buffer iim-buffer-name))
       (with-current-buffer (find-file-noselect file)
         (unwind-protect (progn ,@body)
           (set-buffer-modified-p nil)
           (kill-buffer))))))

(defun iim-safety-tests--goto (text)
  "Put point on the link whose text starts with TEXT."
  (goto-char (point-min))
  (search-forward (concat "[[" text))
  (goto-char (match-beginning 0)))

(defun iim-safety-tests--press (key)
  "Run the command KEY is bound to here, as pressing it would."
  (let ((command (key-binding (kbd key))))
    (should command)
    (call-interactively command)))

(defun iim-safety-tests--wait-output ()
  "Wait for the run in *iim* to end; return its text, or nil when none ran."
  (let ((process (get-buffer-process iim-buffer-name)))
    (when process (iim-test-wait-process process))
    (and (get-buffer iim-buffer-name) (iim-test-buffer-text iim-buffer-name))))

(defmacro iim-safety-tests-with-installed-bins (&rest body)
  "Run BODY as an installed package does: no `iim-bin-directory', scripts on PATH."
  (declare (indent 0))
  `(iim-test-with-directory bin
     (dolist (name '("iim" "iim-daemontools" "iim-tinydns" "iim-dnscache"))
       (make-symbolic-link (expand-file-name (concat "dist/bin/" name ".js") iim-test-root)
                           (expand-file-name name bin)))
     (let* ((iim-bin-directory nil)
            (exec-path (cons (directory-file-name bin) exec-path))
            (process-environment (cons (concat "PATH=" bin ":" (getenv "PATH"))
                                       process-environment)))
       ,@body)))

(ert-deftest iim-safety-file-beside-a-panel-named-like-a-script-is-not-run ()
  "A downloaded iim-daemontools beside the panel: F11 runs the installed one."
  (iim-safety-tests-with-installed-bins
    (iim-safety-tests-with-panel
        '(("iim-daemontools" "#!/bin/sh\ntouch %s/PWNED\n" #o755))
        "- [[iim:iim-daemontools -i list][commands]]\n"
      (iim-safety-tests--goto "iim:iim-daemontools")
      (iim-safety-tests--press "<f11>")
      (let ((output (iim-safety-tests--wait-output)))
        (should (string-match-p "svcStatus" output))
        (should (string-match-p "finished (exit 0)" output)))
      (should-not (file-exists-p (expand-file-name "PWNED" top))))))

(ert-deftest iim-safety-visit-source-runs-no-program-of-the-link ()
  "C-c _ v on a link of another program runs nothing (sh -i help would run ./help)."
  (iim-safety-tests-with-panel '(("help" "touch %s/PWNED\n" nil))
      "- [[iim:sh -c true][status]]\n"
    (iim-safety-tests--goto "iim:sh")
    (let ((error (should-error (iim-safety-tests--press "C-c _ v"))))
      (should-not (file-exists-p (expand-file-name "PWNED" top)))
      (should (equal error '(user-error "sh is not an iim script"))))))

(ert-deftest iim-safety-visit-source-of-a-script-file-visits-the-file ()
  "C-c _ v on a link of a script file beside the panel visits that file, unrun."
  (iim-safety-tests-with-panel '(("mine.mjs" "#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
writeFileSync('%s/PWNED', 'x');\n" #o755))
      "- [[iim:./mine.mjs -i list][mine]]\n"
    (iim-safety-tests--goto "iim:./mine.mjs")
    (iim-safety-tests--press "C-c _ v")
    (should (equal buffer-file-name (expand-file-name "mine.mjs" top)))
    (kill-buffer)
    (should-not (file-exists-p (expand-file-name "PWNED" top)))))

(ert-deftest iim-safety-regenerate-from-a-script-file-asks-first ()
  "C-c _ g on a panel whose block names ./evil.mjs asks: panelGenerate would load it."
  (iim-safety-tests-with-panel '(("evil.mjs" "import { writeFileSync } from 'node:fs';
writeFileSync('%s/PWNED', 'x');\n" nil))
      "* Mine\n#+BEGIN: iim-examples :script ./evil.mjs\n- [[iim:./evil.mjs -i list][list]]\n#+END:\n"
    (should iim-panel-mode)
    (ignore-errors (iim-safety-tests--press "C-c _ g"))
    (should-not (file-exists-p (expand-file-name "PWNED" top)))
    (should-error (iim-safety-tests--press "C-c _ g") :type 'user-error)
    (should (= (length questions) 2))
    (should (string-match-p "evil.mjs, which is not an installed iim script" (car questions)))
    (should-not (file-exists-p (expand-file-name "PWNED" top)))))

(ert-deftest iim-safety-plan-that-reaches-other-hosts-asks-first ()
  "S-F11 on a line with -p sshConfig or -p hosts asks: ssh acts even in a plan."
  (iim-safety-tests-with-panel '(("cfg" "Host *\n  ProxyCommand touch %s/PWNED\n" nil))
      "- [[iim:iim-daemontools -p sshConfig=./cfg -p hosts=web -i svcStatus][status]]
- [[iim:iim-daemontools -r ./rec -i svcStatus][recorded]]\n"
    (iim-safety-tests--goto "iim:iim-daemontools -p sshConfig")
    (iim-safety-tests--press "S-<f11>")
    (should (equal questions '("iim link \"iim-daemontools -p sshConfig=./cfg -p hosts=web -i svcStatus\" reaches other hosts or users (-p sshConfig): run it to show a plan? ")))
    (iim-safety-tests--goto "iim:iim-daemontools -r")
    (iim-safety-tests--press "S-<f11>")
    (should (= (length questions) 2))
    (should-not (get-buffer iim-buffer-name))
    (should-not (file-exists-p (expand-file-name "PWNED" top)))))

(ert-deftest iim-safety-plan-of-a-destructive-line-asks-nothing ()
  "S-F11 on a destructive line of an installed script shows its plan unasked."
  (iim-safety-tests-with-panel '()
      "- [[iim:iim-daemontools -p serviceDir=%s -f -i svcRemove web][remove]]\n"
    (iim-safety-tests--goto "iim:iim-daemontools")
    (iim-safety-tests--press "S-<f11>")
    (should-not questions)
    (should (string-match-p "iim-daemontools -n showOnly -v" (iim-safety-tests--wait-output)))))

(ert-deftest iim-safety-shell-metacharacters-are-words-not-shell ()
  "; | && $() and backticks in a link are arguments: even answered yes, no shell runs."
  (iim-safety-tests-with-panel '()
      "- [[iim:iim-daemontools -i describe ; touch %1$s/PWNED1][a]]
- [[iim:iim-daemontools -i describe $(touch %1$s/PWNED2) `touch %1$s/PWNED3`][b]]
- [[iim:iim-daemontools -i describe | touch %1$s/PWNED4 && touch %1$s/PWNED5][c]]\n"
    (let ((iim-link-confirm-function (lambda (q) (push q questions) t)))
      (dolist (link '("iim:iim-daemontools -i describe ;" "iim:iim-daemontools -i describe $"
                      "iim:iim-daemontools -i describe |"))
        (iim-safety-tests--goto link)
        (iim-safety-tests--press "<f11>")
        (should (string-match-p "^iim: iim-daemontools.* exited abnormally with code 2"
                                (iim-safety-tests--wait-output)))))
    (should (= (length questions) 3))
    (dolist (n '(1 2 3 4 5))
      (should-not (file-exists-p (expand-file-name (format "PWNED%d" n) top))))))

(ert-deftest iim-safety-org-elisp-and-shell-links-keep-org-s-questions ()
  "elisp: and shell: links in a panel still ask org's own confirm functions."
  (iim-safety-tests-with-panel '()
      "- [[iim:iim -i list][list]]\n- [[elisp:(setq iim-safety-tests--ran t)][e]]
- [[shell:touch %s/PWNED][s]]\n"
    (should iim-panel-mode)
    (should (eq org-link-elisp-confirm-function #'yes-or-no-p))
    (should (eq org-link-shell-confirm-function #'yes-or-no-p))
    (defvar iim-safety-tests--ran nil)
    (let* ((asked 0)
           (org-link-elisp-confirm-function (lambda (_) (cl-incf asked) nil))
           (org-link-shell-confirm-function (lambda (_) (cl-incf asked) nil)))
      (dolist (link '("elisp:" "shell:"))
        (iim-safety-tests--goto link)
        (ignore-errors (org-open-at-point))
        ;; F11 on them runs no iim: link either
        (should-error (iim-safety-tests--press "<f11>") :type 'user-error))
      (should (= asked 2)))
    (should-not iim-safety-tests--ran)
    (should-not (file-exists-p (expand-file-name "PWNED" top)))))

(ert-deftest iim-safety-no-local-variable-of-ours-becomes-safe ()
  "Only `iim-panel' (a boolean) is safe as a file-local variable; ours that run things are risky."
  (let (safe)
    (mapatoms (lambda (symbol)
                (when (and (string-prefix-p "iim" (symbol-name symbol))
                           (get symbol 'safe-local-variable))
                  (push symbol safe))))
    (should (equal safe '(iim-panel))))
  (should (safe-local-variable-p 'iim-panel t))
  (should-not (safe-local-variable-p 'iim-panel '(shell-command "touch /tmp/x")))
  (should (risky-local-variable-p 'iim-link-confirm-function))
  (should (risky-local-variable-p 'iim-bin-directory))
  (iim-safety-tests-with-panel '()
      ;; split, or Emacs would read this file's own local variables
      "- [[iim:iim -i list][list]]\n
# Local \
Variables:
# iim-panel: t
# iim-link-confirm-function: nil
# iim-bin-directory: \"%s\"
# eval: (setq iim-safety-tests--evaluated t)
# End:\n"
    (should iim-panel-mode)
    (should-not (local-variable-p 'iim-link-confirm-function))
    (should-not (local-variable-p 'iim-bin-directory))
    (should-not (boundp 'iim-safety-tests--evaluated))))

(ert-deftest iim-safety-f11-outside-a-panel-runs-nothing ()
  "In a buffer that is not a panel F11 is not ours, and following a link there asks."
  (iim-test-with-directory top
    (with-temp-buffer
      (insert (format "mail text [[iim:sh -c \"touch %s/PWNED\"][status]]\n" top))
      (goto-char (point-min))
      (search-forward "[[iim:")
      (should-not iim-panel-mode)
      (should-not (eq (key-binding (kbd "<f11>")) #'iim-panel-run))
      (should-not (eq (key-binding (kbd "RET")) #'iim-panel-run-or-return))
      (let* ((questions '())
             (iim-link-confirm-function (lambda (q) (push q questions) nil))
             (default-directory top))
        (org-open-at-point-global)
        (should (= (length questions) 1)))
      (should-not (file-exists-p (expand-file-name "PWNED" top))))))

(ert-deftest iim-safety-menu-of-a-link-s-program-asks-before-running-it ()
  "C-c _ m on a link of another program: taking the offered default asks (sh -i help runs ./help)."
  (require 'iim-transient)
  (iim-safety-tests-with-panel '(("help" "touch %s/PWNED\n" nil))
      "- [[iim:sh -c true][status]]\n- [[iim:iim-dnscache -i list][list]]\n"
    (cl-letf (((symbol-function 'completing-read)
               (lambda (_prompt _collection &optional _predicate _match _initial _history default &rest _)
                 default)))
      (iim-safety-tests--goto "iim:sh")
      (should-error (iim-safety-tests--press "C-c _ m") :type 'user-error)
      (should (string-match-p "^sh, from the link at point, is not an installed iim script" (car questions)))
      (should-not (file-exists-p (expand-file-name "PWNED" top)))
      ;; an installed script's default asks nothing
      (iim-safety-tests--goto "iim:iim-dnscache")
      (unwind-protect
          (progn (iim-safety-tests--press "C-c _ m")
                 (should (equal iim-transient--script "iim-dnscache"))
                 (should (= (length questions) 1)))
        (transient-quit-all)))))

(ert-deftest iim-safety-panel-generate-of-a-script-file-asks-first ()
  "F11 on iim -i panelGenerate ./x.mjs asks, and asking runs none of x.mjs (its dry run imported it)."
  (iim-safety-tests-with-panel '(("x.mjs" "import { writeFileSync } from 'node:fs';
writeFileSync('%s/PWNED', 'x');\n" nil))
      "- [[iim:iim -i panelGenerate ./x.mjs -][the panel of x]]\n"
    (iim-safety-tests--goto "iim:iim -i panelGenerate")
    (iim-safety-tests--press "<f11>")
    (should (equal questions '("iim link \"iim -i panelGenerate ./x.mjs -\" loads ./x.mjs, a script file: its code runs: run it? ")))
    (should-not (get-buffer iim-buffer-name))
    (should-not (file-exists-p (expand-file-name "PWNED" top)))))

(ert-deftest iim-safety-reaching-params-are-the-framework-s ()
  "The parameters a plan asks about are REACHING_PARAMS of framework/link-trust.ts."
  (let ((source (with-temp-buffer
                  (insert-file-contents (expand-file-name "framework/link-trust.ts" iim-test-root))
                  (buffer-string))))
    (should (string-match "REACHING_PARAMS = \\[\\([^]]*\\)\\]" source))
    (should (equal (mapcar (lambda (word) (string-trim word "[ ']+" "[ ']+"))
                           (split-string (match-string 1 source) ","))
                   iim-panel--reaching-params))))

(provide 'iim-safety-tests)
;;; iim-safety-tests.el ends here
