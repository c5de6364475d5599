;;; iim-transient-tests.el --- ERT tests of iim-transient.el  -*- lexical-binding: t; -*-

;;; Commentary:

;; The menu is built from the real declarations; the lines it makes are
;; run for real under -n showOnly: the CLI parser must accept every one.

;;; Code:

(require 'iim-test-support)
(require 'iim-transient)
(require 'cl-lib)

(defun iim-transient-tests--suffixes (prefix)
  "The suffix objects of PREFIX's layout, as (KEY DESCRIPTION COMMAND ARGUMENT)."
  (let (found)
    (cl-labels ((walk (spec)
                  (cond ((vectorp spec) (mapc #'walk (append (aref spec 3) nil)))
                        ((and (listp spec) (keywordp (car-safe (nth 2 spec))))
                         (let ((args (nth 2 spec)))
                           (push (list (plist-get args :key) (plist-get args :description)
                                       (plist-get args :command) (plist-get args :argument)
                                       (plist-get args :choices))
                                 found)))
                        ((listp spec) (mapc #'walk spec)))))
      (mapc #'walk (get prefix 'transient--layout)))
    (nreverse found)))

(defun iim-transient-tests--find (suffixes text)
  "The suffix of SUFFIXES whose description starts with TEXT."
  (seq-find (lambda (s) (string-prefix-p text (substring-no-properties (nth 1 s)))) suffixes))

(ert-deftest iim-transient-menu-shows-commands-with-briefs ()
  "The menu of iim-tinydns: its commands with their briefs, seeded ones too."
  (let* ((suffixes (iim-transient-tests--suffixes (iim-transient-define "iim-tinydns")))
         (record (iim-transient-tests--find suffixes "recordAdd")))
    (should record)
    (should (string-match-p "recordAdd +Add a record, then compile" (nth 1 record)))
    (should (equal (car record) "r"))
    (should (iim-transient-tests--find suffixes "examples"))
    (should (iim-transient-tests--find suffixes "help"))
    ;; every key is bound once
    (let ((keys (mapcar #'car suffixes)))
      (should (equal keys (delete-dups (copy-sequence keys)))))))

(ert-deftest iim-transient-command-lines-fit-their-column ()
  "Each command entry fits half the frame (160 columns in batch), long names too."
  (let* ((suffixes (iim-transient-tests--suffixes (iim-transient-define "iim-tinydns")))
         (commands (seq-filter (lambda (s) (string-prefix-p "iim-transient:" (symbol-name (nth 2 s))))
                               suffixes))
         (longest (seq-reduce (lambda (a s) (max a (length (car (split-string (nth 1 s))))))
                              commands 0)))
    (should (> longest 15))
    (dolist (suffix commands)
      ;; " KEY DESCRIPTION" in a column of 80
      (should (<= (+ 2 (length (car suffix)) (string-width (nth 1 suffix))) 78)))
    ;; the briefs still line up after the longest name
    (should (string-match-p (format "\\`recordAdd +Add a record" ) (nth 1 (iim-transient-tests--find suffixes "recordAdd"))))
    (should (= (string-match "Add a record" (nth 1 (iim-transient-tests--find suffixes "recordAdd")))
               (1+ longest)))))

(ert-deftest iim-transient-menu-run-options ()
  "Run mode with the declared modes as choices, -v, -q, -T, stage."
  (let* ((suffixes (iim-transient-tests--suffixes (iim-transient-define "iim-tinydns")))
         (mode (iim-transient-tests--find suffixes "run mode")))
    (should (equal (nth 3 mode) "-n="))
    (should (member "showOnly" (nth 4 mode)))
    (should (member "seeRun" (nth 4 mode)))
    (should (iim-transient-tests--find suffixes "verbose"))
    (should (iim-transient-tests--find suffixes "trace level"))
    (should (iim-transient-tests--find suffixes "stage"))
    ;; iim-tinydns has no destructive command: no -f
    (should-not (iim-transient-tests--find suffixes "force"))))

(ert-deftest iim-transient-force-only-with-destructive-commands-in-warning-face ()
  "-f shows for a script with destructive commands, in the warning face, as they do."
  (let* ((suffixes (iim-transient-tests--suffixes (iim-transient-define "iim-daemontools")))
         (force (iim-transient-tests--find suffixes "force"))
         (remove (iim-transient-tests--find suffixes "svcRemove"))
         (list (iim-transient-tests--find suffixes "svcList")))
    (should force)
    (should (eq (get-text-property 0 'face (nth 1 force)) 'iim-transient-destructive))
    (should (eq (get-text-property 0 'face (nth 1 remove)) 'iim-transient-destructive))
    (should-not (get-text-property 0 'face (nth 1 list)))))

(ert-deftest iim-transient-parameters-with-current-values-and-choices ()
  "Each parameter shows its current value; choices complete."
  (let* ((suffixes (iim-transient-tests--suffixes (iim-transient-define "iim-tinydns")))
         (dir (iim-transient-tests--find suffixes "dir "))
         (format (iim-transient-tests--find suffixes "format ")))
    (should (equal (substring-no-properties (nth 1 dir)) "dir (now /etc/tinydns)"))
    (should (equal (nth 3 dir) "dir="))
    (should (equal (nth 4 format) '("text" "json")))))

(defun iim-transient-tests--accepted (line directory)
  "Run LINE (no shell) in DIRECTORY; return (STATUS . OUTPUT)."
  (with-temp-buffer
    (let* ((default-directory directory)
           (words (iim-split-line line))
           (status (apply #'call-process (iim-program (car words)) nil t nil (cdr words))))
      (cons status (buffer-string)))))

(ert-deftest iim-transient-lines-are-what-the-parser-accepts ()
  "Lines built from menu arguments run under -n showOnly with exit 0."
  (iim-test-with-directory top
    (let* ((dir (iim-test-tinydns-dir top))
           (menu (list "-n=showOnly" "-v" "-T=1" (concat "dir=" dir) "--stage"))
           (options (iim-transient-options menu)))
      (should (equal options (list "-n" "showOnly" "-v" "-T" "1" "-p" (concat "dir=" dir))))
      (dolist (case `(("recordAdd" ("host" "www.example.test" "10.1.2.3") "(shown, not done)")
                      ("recordAdd" ("txt" "t.example.test" "it's a text: with spaces") "(shown, not done)")
                      ("dataCheck" () "")
                      ("params" () ,dir)
                      ("examples" () "recordAdd")))
        (let* ((line (iim-transient-line "iim-tinydns" (car case) (cadr case) options))
               (ran (iim-transient-tests--accepted line top)))
          (should (equal (iim-split-line line)
                         (append '("iim-tinydns") options (list "-i" (car case)) (cadr case))))
          (should (equal (list line (car ran)) (list line 0)))
          (should (string-search (nth 2 case) (cdr ran)))
          ;; showOnly: nothing was written
          (should (equal (with-temp-buffer (insert-file-contents (expand-file-name "root/data" dir))
                                           (buffer-string))
                         "")))))))

(ert-deftest iim-transient-line-protects-an-argument-like-an-option ()
  "A first argument starting with - is passed as an argument (after --)."
  (let ((line (iim-transient-line "iim-tinydns" "recordAdd" '("-x" "y") nil)))
    (should (equal line "iim-tinydns -i recordAdd -- -x y"))
    (let ((ran (iim-transient-tests--accepted line temporary-file-directory)))
      ;; recordAdd itself refuses the kind -x: the parser passed it as an argument
      (should (eq (car ran) 2))
      (should (string-match-p "\\`iim-tinydns: recordAdd: .*-x" (cdr ran))))))

(ert-deftest iim-transient-choosing-a-command-runs-it ()
  "Choosing recordAdd with showOnly set asks its arguments and shows the plan in *iim*."
  (iim-test-with-directory top
    (let* ((dir (iim-test-tinydns-dir top))
           (default-directory top))
      (iim-transient-define "iim-tinydns")
      (cl-letf (((symbol-function 'transient-args)
                 (lambda (_prefix) (list "-n=showOnly" (concat "dir=" dir))))
                ((symbol-function 'read-string)
                 (lambda (prompt &rest _)
                   (should (equal prompt "recordAdd KIND ARGS...: "))
                   "host www.example.test 10.1.2.3")))
        (iim-test-wait-process (call-interactively 'iim-transient:iim-tinydns:recordAdd)))
      (with-current-buffer iim-buffer-name
        (should (equal iim--line (format "iim-tinydns -n showOnly -p dir=%s -i recordAdd host www.example.test 10.1.2.3" dir)))
        (should (string-search "(shown, not done)" (iim-test-buffer-text (current-buffer))))))))

(ert-deftest iim-transient-stage-puts-the-line-in-the-minibuffer ()
  "With stage on, the finished line is edited in the minibuffer, then runs as edited."
  (iim-test-with-directory top
    (let* ((dir (iim-test-tinydns-dir top))
           (default-directory top)
           (staged nil))
      (iim-transient-define "iim-tinydns")
      (cl-letf (((symbol-function 'transient-args)
                 (lambda (_prefix) (list "--stage" "-n=showOnly" (concat "dir=" dir))))
                ((symbol-function 'read-string)
                 (lambda (prompt &optional initial &rest _)
                   (if (equal prompt "Run: ")
                       (progn (setq staged initial)
                              (string-replace "10.1.2.3" "10.9.9.9" initial))
                     "host www.example.test 10.1.2.3"))))
        (iim-test-wait-process (call-interactively 'iim-transient:iim-tinydns:recordAdd)))
      (should (equal staged (format "iim-tinydns -n showOnly -p dir=%s -i recordAdd host www.example.test 10.1.2.3" dir)))
      (should (string-search "=www.example.test:10.9.9.9:" (iim-test-buffer-text iim-buffer-name))))))

(ert-deftest iim-transient-menu-of-a-script-file-of-one-s-own ()
  "M-x iim on a script file (iim -i scriptStart): its commands, lines that run it."
  (iim-test-with-directory top
    (let ((file (expand-file-name "doe-iim.mjs" top)))
      (should (eq 0 (call-process (iim-program "iim") nil nil nil "-i" "scriptStart" file)))
      (let* ((suffixes (iim-transient-tests--suffixes (iim-transient-define file)))
             (own (seq-filter (lambda (s) (string-prefix-p (format "iim-transient:%s:" file)
                                                           (symbol-name (nth 2 s))))
                              suffixes))
             (first (seq-find (lambda (c) (not (alist-get 'seeded c)))
                              (alist-get 'commands iim-transient--declaration))))
        (should (> (length own) 7))
        (should first)
        (let ((ran (iim-transient-tests--accepted
                    (iim-transient-line file "describe" (list (alist-get 'name first))
                                        (iim-transient-options '("-n=showOnly")))
                    top)))
          (should (eq (car ran) 0))
          (should (string-search (alist-get 'name first) (cdr ran))))))))

(ert-deftest iim-transient-m-x-iim-on-a-panel-link-offers-its-script ()
  "On a panel's link, M-x iim offers the link's script as the default."
  (require 'iim-panel)
  (with-temp-buffer
    (org-mode)
    (insert "- [[iim:iim-dnscache -i list][x]]\n")
    (goto-char (point-min))
    (search-forward "[[iim:")
    (let (offered)
      (cl-letf (((symbol-function 'completing-read)
                 (lambda (prompt _collection &optional _p _r _i _h default &rest _)
                   (setq offered (list prompt default))
                   default))
                ((symbol-function 'transient-setup) #'ignore))
        (call-interactively #'iim))
      (should (equal offered '("iim script (default iim-dnscache): " "iim-dnscache")))
      (should (equal iim-transient--script "iim-dnscache")))))

(ert-deftest iim-transient-m-x-iim-sets-up-the-menu ()
  "M-x iim with a script name sets up the transient of its commands."
  (unwind-protect
      (progn
        (iim "iim-dnscache")
        (should (eq transient-current-prefix nil))
        (should (eq (oref transient--prefix command) 'iim-transient-menu))
        (should (seq-find (lambda (s) (eq (oref s command) 'iim-transient:iim-dnscache:forwardAdd))
                          transient--suffixes)))
    (transient-quit-all)))

(provide 'iim-transient-tests)
;;; iim-transient-tests.el ends here
