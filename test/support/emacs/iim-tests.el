;;; iim-tests.el --- ERT tests of iim.el: output buffer, links, completion  -*- lexical-binding: t; -*-

;;; Commentary:

;; Real scripts (dist/bin) run in these tests; nothing is mocked but the
;; minibuffer answers of completion.

;;; Code:

(require 'iim-test-support)
(require 'cl-lib)
(require 'server)

(ert-deftest iim-split-and-join-round-trip ()
  "Words joined by `iim-join-words' split back to the same words."
  (let ((words '("iim-tinydns" "-i" "recordAdd" "txt" "a.example.test" "it's here" "$x" "")))
    (should (equal (iim-split-line (iim-join-words words)) words)))
  (should (equal (iim-split-line "a 'b c' \"d e\" $'f\\tg' h\\ i") '("a" "b c" "d e" "f\tg" "h i"))))

(ert-deftest iim-output-buffer-header-says-exit-status-and-time ()
  "A run shows in *iim*, an `iim-output-mode' buffer with exit and time in its header."
  (let* ((process (iim-run-line "iim-daemontools -i list" iim-test-root))
         (buffer (iim-test-wait-process process)))
    (with-current-buffer buffer
      (should (eq major-mode 'iim-output-mode))
      (should (derived-mode-p 'compilation-mode))
      (should (string-match-p "\\`iim: iim-daemontools -i list\n" (iim-test-buffer-text buffer)))
      (should (string-match-p "^svcCreate " (iim-test-buffer-text buffer)))
      (should (string-match-p "iim: iim-daemontools finished (exit 0) after [0-9.]+ s\n\\'"
                              (iim-test-buffer-text buffer)))
      (should (equal header-line-format '(:eval (iim-output-header))))
      (should (string-match-p "\\` exit 0 after [0-9.]+ s  iim-daemontools -i list\\'"
                              (iim-output-header))))))

(ert-deftest iim-output-buffer-exit-status-of-a-failure ()
  "A usage error shows exit 2 in the header."
  (let ((buffer (iim-test-wait-process (iim-run-line "iim-daemontools -i noSuchCommand" iim-test-root))))
    (with-current-buffer buffer
      (should (string-match-p "\\` exit 2 after" (iim-output-header))))))

(ert-deftest iim-output-buffer-renders-ansi-colour ()
  "The scripts' colours (FORCE_COLOR) become faces; no escape is left in the text."
  (iim-test-with-directory top
    (let* ((dir (iim-test-tinydns-dir top))
           (buffer (iim-test-wait-process
                    (iim-run-line (format "iim-tinydns -n showOnly -p dir=%s -i recordAdd host www.example.test 10.1.2.3" dir)
                                  top))))
      (with-current-buffer buffer
        (should-not (string-search "\e[" (iim-test-buffer-text buffer)))
        (goto-char (point-min))
        (search-forward "warning: no ns record")
        (let ((face (or (get-text-property (match-beginning 0) 'face)
                        (get-text-property (match-beginning 0) 'font-lock-face)
                        (seq-some (lambda (o) (overlay-get o 'face))
                                  (overlays-at (match-beginning 0))))))
          (should face))))))

(ert-deftest iim-output-buffer-g-runs-the-line-again ()
  "g in *iim* runs the same line again."
  (let ((buffer (iim-test-wait-process (iim-run-line "iim-daemontools -i list" iim-test-root))))
    (with-current-buffer buffer
      (let ((first iim--started))
        (should (eq (key-binding "g") #'iim-rerun))
        (iim-test-wait-process (call-interactively #'iim-rerun))
        (should (time-less-p first iim--started))
        (should (string-match-p "finished (exit 0)" (iim-test-buffer-text buffer)))))))

(ert-deftest iim-output-buffer-prefix-gives-a-buffer-of-its-own ()
  "A new buffer per run when asked (the prefix argument of a link)."
  (let ((buffer (iim-test-wait-process (iim-run-line "iim-daemontools -i list" iim-test-root t))))
    (unwind-protect
        (should-not (equal (buffer-name buffer) iim-buffer-name))
      (kill-buffer buffer))))

(ert-deftest iim-output-buffer-per-script ()
  "With `iim-buffer-per-script', a script's runs go to *iim SCRIPT*; g reruns there."
  (let* ((iim-buffer-per-script t)
         (buffer (iim-test-wait-process (iim-run-line "iim-dnscache -i list" iim-test-root))))
    (unwind-protect
        (with-current-buffer buffer
          (should (equal (buffer-name) "*iim iim-dnscache*"))
          (let ((again (call-interactively #'iim-rerun)))
            (should (eq (process-buffer again) buffer))
            (iim-test-wait-process again)))
      (kill-buffer buffer))))

(defun iim-tests--plan (top)
  "Show the plan of a recordAdd in a tinydns directory under TOP; return (buffer . dir)."
  (let* ((dir (iim-test-tinydns-dir top))
         (line (format "iim-tinydns -p dir=%s -i recordAdd host www.example.test 10.1.2.3" dir)))
    (cons (iim-test-wait-process (iim-plan line top)) dir)))

(ert-deftest iim-plan-n-and-p-move-between-actions-and-file-line-jumps ()
  "A showOnly plan's actions: n and p move between them; RET visits the source line."
  (iim-test-with-directory top
    (let ((buffer (car (iim-tests--plan top))))
      (with-current-buffer buffer
        (should (string-match-p "-n showOnly -v" iim--line))
        (goto-char (point-min))
        (should (eq (key-binding "n") #'iim-next-action))
        (iim-next-action 1)
        (should (looking-at "\\*\\* \\[iim-tinydns recordAdd\\] \\([^\n]+/scripts/tinydns/[a-z-]+\\.ts\\):\\([0-9]+\\)$"))
        (let ((first (point)) (file (expand-file-name (match-string 1))) (line (string-to-number (match-string 2))))
          (iim-next-action 1)
          (should (> (point) first))
          (should (looking-at "\\*\\* \\["))
          (iim-previous-action 1)
          (should (= (point) first))
          ;; the source line of an action is a reference compilation-mode follows
          (compilation--ensure-parse (point-max))
          (compile-goto-error)
          (should (equal (file-truename buffer-file-name) (file-truename file)))
          (should (= (line-number-at-pos) line)))))))

(ert-deftest iim-plan-line-drops-the-line-s-own-run-mode ()
  "A plan of a line with its own -n showRun still only shows: the line's -n is left out."
  (should (equal (iim-plan-line "iim-tinydns -h -v -n showRun -i recordAdd host a.test 10.0.0.1")
                 "iim-tinydns -n showOnly -v -h -v -i recordAdd host a.test 10.0.0.1"))
  (should (equal (iim-plan-line "iim-tinydns -i recordAdd -n runOnly txt a.test -n")
                 "iim-tinydns -n showOnly -v -i recordAdd txt a.test -n"))
  (iim-test-with-directory top
    (let* ((dir (iim-test-tinydns-dir top))
           (data (expand-file-name "root/data" dir))
           (buffer (iim-test-wait-process
                    (iim-plan (format "iim-tinydns -n showRun -p dir=%s -i recordAdd host www.example.test 10.1.2.3" dir) top))))
      (should (string-match-p "(shown, not done)" (iim-test-buffer-text buffer)))
      (should (equal (with-temp-buffer (insert-file-contents data) (buffer-string)) "")))))

(ert-deftest iim-plan-y-runs-the-planned-line ()
  "y in a plan's buffer runs the line for real: the record lands in root/data."
  (iim-test-with-directory top
    (let* ((planned (iim-tests--plan top))
           (data (expand-file-name "root/data" (cdr planned))))
      (should (equal (with-temp-buffer (insert-file-contents data) (buffer-string)) ""))
      (with-current-buffer (car planned)
        (should (eq (key-binding "y") #'iim-run-plan))
        (iim-test-wait-process (call-interactively #'iim-run-plan)))
      (should (string-match-p "^=www.example.test:10.1.2.3:"
                              (with-temp-buffer (insert-file-contents data) (buffer-string))))
      (should (file-exists-p (expand-file-name "root/data.cdb" (cdr planned)))))))

(defmacro iim-tests-with-shown-output (&rest body)
  "Run BODY where `iim-run-line' shows its buffer in a window, as interactively."
  (declare (indent 0))
  `(save-window-excursion
     (delete-other-windows)
     (let ((noninteractive nil)) ,@body)))

(ert-deftest iim-output-window-shows-the-start-of-a-long-output ()
  "A run longer than its window shows its start: the line, then the first output."
  (iim-tests-with-shown-output
    (let* ((process (iim-run-line "seq 1 300" temporary-file-directory))
           (buffer (iim-test-wait-process process))
           (window (get-buffer-window buffer)))
      (should window)
      (should (string-match-p "\n300\n" (iim-test-buffer-text buffer)))
      (should (= (window-start window) 1))
      (should (= (window-point window) 1))
      (with-current-buffer buffer (should (= (point) 1))))))

(ert-deftest iim-output-window-at-the-end-follows-the-output ()
  "Point moved to the end of a running output (M->) stays at its end as lines come."
  (iim-tests-with-shown-output
    (let* ((process (iim-run-line "cat" temporary-file-directory))
           (buffer (process-buffer process))
           (window (get-buffer-window buffer)))
      (unwind-protect
          (progn
            (process-send-string process "one\n")
            (iim-test-wait-until (lambda () (string-search "one" (iim-test-buffer-text buffer))))
            (select-window window)
            (goto-char (point-max))
            (process-send-string process "two\n")
            (iim-test-wait-until (lambda () (string-search "two" (iim-test-buffer-text buffer))))
            (should (= (point) (point-max)))
            (should (= (window-point window) (point-max))))
        (delete-process process)))))

(ert-deftest iim-output-window-follows-with-iim-scroll-output ()
  "With `iim-scroll-output' the window shows the end of the output as it comes."
  (iim-tests-with-shown-output
    (let* ((iim-scroll-output t)
           (process (iim-run-line "seq 1 300" temporary-file-directory))
           (buffer (iim-test-wait-process process))
           (window (get-buffer-window buffer)))
      (with-current-buffer buffer
        (should (= (window-point window) (point-max)))
        (should (= (point) (point-max)))))))

(ert-deftest iim-output-buffer-c-c-c-k-stops-a-long-command ()
  "C-c C-k stops the command running in *iim*; the header says how it ended."
  (let ((process (iim-run-line "sleep 300" temporary-file-directory)))
    (with-current-buffer (process-buffer process)
      (should (eq (key-binding (kbd "C-c C-k")) #'iim-stop))
      (should (string-match-p "\\` running" (iim-output-header)))
      (call-interactively #'iim-stop)
      (iim-test-wait-process process 30)
      (should (string-match-p "\\` interrupt after" (iim-output-header))))))

(ert-deftest iim-run-from-emacs-opens-files-in-this-emacs ()
  "visit run from Emacs opens the script's source here (EMACS_SOCKET_NAME of this server)."
  (iim-test-with-directory top
    (let ((server-socket-dir top) (server-name "iim-ert"))
      (server-start)
      (unwind-protect
          (let ((source (expand-file-name "scripts/daemontools.ts" iim-test-root))
                (process (iim-run-line "iim-daemontools -i visit" iim-test-root)))
            (should-not (get-file-buffer source))
            (iim-test-wait-until (lambda () (get-file-buffer source)))
            (iim-test-wait-process process)
            (should (string-match-p "opened .*daemontools.ts with emacsclient"
                                    (iim-test-buffer-text (process-buffer process))))
            (kill-buffer (get-file-buffer source)))
        (server-force-delete)))))

(ert-deftest iim-run-from-emacs-data-edit-opens-root-data-here ()
  "dataEdit run from Emacs opens the service's root/data in this Emacs."
  (iim-test-with-directory top
    (let* ((server-socket-dir top) (server-name "iim-ert-edit")
           (dir (iim-test-tinydns-dir top))
           (data (expand-file-name "root/data" dir)))
      (server-start)
      (unwind-protect
          (let ((process (iim-run-line (format "iim-tinydns -p dir=%s -i dataEdit" dir) top)))
            (iim-test-wait-until (lambda () (get-file-buffer data)))
            (iim-test-wait-process process)
            (kill-buffer (get-file-buffer data)))
        (server-force-delete)))))

(ert-deftest iim-run-from-emacs-svc-visit-opens-the-run-file-and-env-here ()
  "svcVisit run from Emacs opens a service's run file here, and env/ in dired."
  (iim-test-with-directory top
    (let* ((server-socket-dir top) (server-name "iim-ert-svc")
           (service (expand-file-name "service" top))
           (hello (expand-file-name "hello" service))
           (run (expand-file-name "run" hello))
           (env (file-name-as-directory (expand-file-name "env" hello))))
      (make-directory env t)
      (with-temp-file run (insert "#!/bin/sh\nexec sleep 7200\n"))
      (with-temp-file (expand-file-name "GREETING" env) (insert "hello\n"))
      (server-start)
      (unwind-protect
          (let ((process (iim-run-line (format "iim-daemontools -p serviceDir=%s -i svcVisit hello" service) top)))
            (iim-test-wait-until (lambda () (get-file-buffer run)))
            (iim-test-wait-process process)
            (should (string-match-p (format "opened %s in Emacs" (regexp-quote run))
                                    (iim-test-buffer-text (process-buffer process))))
            (kill-buffer (get-file-buffer run))
            (setq process (iim-run-line (format "iim-daemontools -p serviceDir=%s -i svcVisit hello env" service) top))
            (let ((dired (iim-test-wait-until
                          (lambda () (seq-find (lambda (buffer)
                                                 (with-current-buffer buffer
                                                   (and (derived-mode-p 'dired-mode)
                                                        (equal (file-name-as-directory default-directory) env))))
                                               (buffer-list))))))
              (iim-test-wait-process process)
              (with-current-buffer dired
                (should (string-match-p "GREETING" (buffer-string))))
              (kill-buffer dired)))
        (server-force-delete)))))

(ert-deftest iim-link-type-runs-its-line-from-the-panel-directory ()
  "Following [[iim:...]] in an org buffer runs the line in the file's directory."
  (iim-test-with-directory top
    (let ((file (expand-file-name "Panel.org" top)))
      (with-temp-file file (insert "- [[iim:iim-daemontools -i list][commands]]\n"))
      (with-current-buffer (find-file-noselect file)
        (unwind-protect
            (progn
              (goto-char (point-min))
              (search-forward "[[iim:")
              (let ((process (org-open-at-point)))
                (setq process (get-buffer-process iim-buffer-name))
                (iim-test-wait-process process)
                (with-current-buffer iim-buffer-name
                  (should (equal default-directory top))
                  (should (string-match-p "finished (exit 0)" (iim-test-buffer-text (current-buffer)))))))
          (kill-buffer))))))

(ert-deftest iim-link-completion-builds-a-link ()
  "Completing a link: script, then command, then its arguments."
  (let ((answers (list "iim-tinydns" "recordAdd")))
    (cl-letf (((symbol-function 'completing-read)
               (lambda (_prompt collection &rest _)
                 (let ((answer (pop answers)))
                   ;; the answer is one the collection offers
                   (should (if (functionp collection)
                               (funcall collection answer nil 'lambda)
                             (member answer collection)))
                   answer)))
              ((symbol-function 'read-string)
               (lambda (prompt &rest _)
                 (should (string-match-p "KIND ARGS" prompt))
                 "host www.example.test 10.1.2.3")))
      (should (equal (iim-complete-link)
                     "iim:iim-tinydns -i recordAdd host www.example.test 10.1.2.3")))))

(ert-deftest iim-read-script-offers-installed-scripts ()
  "Script completion offers the installed scripts."
  (let ((names (mapcar (lambda (s) (alist-get 'name s)) (iim-scripts))))
    (should (member "iim-tinydns" names))
    (should (member "iim-daemontools" names))))

(ert-deftest iim-examples-shows-a-panel-of-links ()
  "M-x iim-examples: a script's examples as org links, `iim-panel-mode' on."
  (let ((buffer (iim-examples "iim-dnscache")))
    (with-current-buffer buffer
      (should (derived-mode-p 'org-mode))
      (should iim-panel-mode)
      (should (string-match-p "\\[\\[iim:iim-dnscache -i " (iim-test-buffer-text buffer))))))

(ert-deftest iim-script-start-writes-and-visits-a-script ()
  "M-x iim-script-start writes a script from the template and visits it."
  (iim-test-with-directory top
    (let ((file (expand-file-name "doe-iim.mjs" top)))
      (iim-script-start file)
      (should (equal buffer-file-name file))
      (should (string-match-p "defineScript" (buffer-string)))
      (kill-buffer))))

(provide 'iim-tests)
;;; iim-tests.el ends here
